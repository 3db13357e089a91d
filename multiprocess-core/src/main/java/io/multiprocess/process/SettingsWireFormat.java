package io.multiprocess.process;

import io.multiprocess.SerializationException;
import io.multiprocess.StartMethod;
import io.multiprocess.serialization.Reduction;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.serialization.Serializers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The settings as a child's {@link BootstrapFrame} carries them, written field by field so that a child
 * reads them without building a serializer, together with what the child inherits from its parent: the
 * {@link Reduction reductions} registered there and the logging settings of {@link InheritedLogging}.
 * Only the reductions, when there are any, are serialized (with the frame's serializer).
 *
 * <p>Reading changes nothing: the child's entry point {@linkplain Inheritance#adopt() adopts} what it read,
 * explicitly, before it reads anything else its parent sent.
 */
final class SettingsWireFormat {

    private SettingsWireFormat() {}

    /** What a child reads from its frame: the settings and what it inherits. */
    static final class Inheritance {

        // A class, not a record: every child reads one first thing, and Kryo's record support costs a fresh
        // JVM some 20 ms (dynamic proxies, reflection) that plain fields do not.
        private final ProcessSettings settings;
        private final Reduction.@Nullable Registrations reductions;
        private final @Nullable String stderrLevel;
        private final @Nullable String logLevels;
        private final boolean processInMdc;
        private final @Nullable String forwardLogs;

        Inheritance(
                ProcessSettings settings,
                Reduction.@Nullable Registrations reductions,
                @Nullable String stderrLevel,
                @Nullable String logLevels,
                boolean processInMdc,
                @Nullable String forwardLogs) {
            this.settings = settings;
            this.reductions = reductions;
            this.stderrLevel = stderrLevel;
            this.logLevels = logLevels;
            this.processInMdc = processInMdc;
            this.forwardLogs = forwardLogs;
        }

        ProcessSettings settings() {
            return settings;
        }

        /**
         * Adopts what the parent sent and this process has not set itself: reductions for classes it has
         * none for, the level of logging to standard error if it does not log there yet, the MDC flag.
         */
        void adopt() {
            if (reductions != null) {
                Reduction.inherit(reductions);
            }
            InheritedLogging.adopt(InheritedLogging.STDERR_LEVEL_PROPERTY, stderrLevel);
            InheritedLogging.adopt(InheritedLogging.LOG_LEVELS_PROPERTY, logLevels);
            if (processInMdc) {
                InheritedLogging.adopt(InheritedLogging.PROCESS_IN_MDC_PROPERTY, "true");
            }
            InheritedLogging.adoptForwarding(forwardLogs);
        }
    }

    /**
     * Writes settings and what this process passes on to its children.
     *
     * @param settings   the child's settings
     * @param serializer the serializer of the child's frame, for the reductions
     * @return the bytes
     */
    static byte[] write(ProcessSettings settings, Serializer serializer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(settings.startMethod().name());
            writeOptional(out, settings.executable().map(Object::toString).orElse(null));
            writeStrings(out, settings.jvmOptions());
            out.writeUTF(settings.serializerClass());
            writeOptional(out, System.getProperty(InheritedLogging.STDERR_LEVEL_PROPERTY));
            writeOptional(out, System.getProperty(InheritedLogging.LOG_LEVELS_PROPERTY));
            out.writeBoolean(Boolean.getBoolean(InheritedLogging.PROCESS_IN_MDC_PROPERTY));
            writeOptional(out, InheritedLogging.forwardingForChildren());
            out.writeInt(settings.forkserverSpares());
            writeStrings(out, settings.forkserverPreload());
            Reduction.Registrations reductions = Reduction.registrations();
            byte[] reduced =
                    reductions == null || reductions.isEmpty() ? new byte[0] : serializer.serialize(reductions);
            out.writeInt(reduced.length);
            out.write(reduced);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads what {@link #write} wrote, changing nothing in this process.
     *
     * @param bytes           the bytes
     * @param frameSerializer the frame's serializer class, created only when the parent registered reductions
     * @return the settings and what the child inherits
     * @throws SerializationException if the bytes are not settings
     */
    static Inheritance read(byte[] bytes, String frameSerializer) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            StartMethod startMethod = StartMethod.valueOf(in.readUTF());
            String executable = readOptional(in);
            List<String> jvmOptions = readStrings(in);
            String serializerClass = in.readUTF();
            String level = readOptional(in);
            String logLevels = readOptional(in);
            boolean processInMdc = in.readBoolean();
            String forwardLogs = readOptional(in);
            int spares = in.readInt();
            List<String> preload = readStrings(in);
            int reducedLength = in.readInt();
            Reduction.Registrations reductions = null;
            if (reducedLength > 0) {
                byte[] reduced = in.readNBytes(reducedLength);
                if (reduced.length != reducedLength) {
                    throw new EOFException("the reductions end early");
                }
                reductions = (Reduction.Registrations)
                        Serializers.forName(frameSerializer).deserialize(reduced);
            }
            ProcessSettings settings =
                    ProcessSettings.read(startMethod, executable, jvmOptions, serializerClass, spares, preload);
            return new Inheritance(settings, reductions, level, logLevels, processInMdc, forwardLogs);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException(
                    "Cannot read the context of a bootstrap frame (" + bytes.length + " bytes): " + e, e);
        }
    }

    private static void writeOptional(DataOutputStream out, @Nullable String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static @Nullable String readOptional(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String value : values) {
            out.writeUTF(value);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > 65_536) {
            throw new IOException("a list of " + size + " strings");
        }
        String[] values = new String[size];
        for (int i = 0; i < size; i++) {
            values[i] = in.readUTF();
        }
        return List.of(values);
    }
}
