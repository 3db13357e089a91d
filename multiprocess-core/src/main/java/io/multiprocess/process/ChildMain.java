package io.multiprocess.process;

import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.serialization.Serializers;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The entry point of every child JVM. Python's {@code spawn_main}.
 *
 * <p>Reads the bootstrap frame from standard input, starts the watch over the parent, makes the
 * process object the current process, and runs it. Standard input is then replaced by an empty stream
 * (the parent closes its end after the frame), as Python children read {@code /dev/null}. Exit status: 0 when {@code run()} returned (after the
 * JVM's non-daemon threads end), 1 when it threw, 2 when the frame could not be read or its payload
 * could not be deserialized.
 *
 * <p>Four ways to run, by the first argument:
 * <ul>
 *   <li>none: a spawned child, which reads its frame at once and watches the parent the frame names;</li>
 *   <li>{@code --spare <server pid> <report path> [class...]}: a spare JVM of the forkserver, which first warms up (runs
 *       one process object in memory, loads and initializes the named classes), then waits for its frame,
 *       opens the output files the frame names, and runs; at its end it reports its exit status to the
 *       server itself ({@link ExitReport}); it watches the server, its parent in the
 *       process tree, which dies with the program that started it;</li>
 *   <li>{@code --served <server pid>}: a child the forkserver started when no spare was ready, which
 *       reads its frame at once and watches the server;</li>
 *   <li>{@code --train}: the training run of a class-data-sharing archive, which warms up and exits.</li>
 * </ul>
 *
 * <p>The path to {@code run()} is kept lean: no lambdas (the first one costs a JVM several milliseconds),
 * no native binding, the serializer of the frame shared with the context's.
 *
 * <p>Not a program to run by hand: it expects a parent on the other end of its standard input.
 */
public final class ChildMain {

    /** Exit status when the child could not be set up. */
    static final int BOOTSTRAP_FAILED = 2;

    private ChildMain() {}

    /**
     * Runs the process object the parent sent.
     *
     * @param args none for a spawned child; {@code --spare <server pid> <report path> [class...]}; {@code --served <server pid>};
     *             {@code --train}
     */
    public static void main(String[] args) {
        long atMain = System.nanoTime();
        String mode = args.length > 0 ? args[0] : "";
        if (mode.equals(ChildJvmCommand.TRAIN_ARGUMENT)) {
            ParentWatch.startOnCurrentParent();
            ChildWarmUp.run(List.of(), true);
            return;
        }
        boolean spare = mode.equals(ChildJvmCommand.SPARE_ARGUMENT);
        boolean served = mode.equals(ChildJvmCommand.SERVED_ARGUMENT);
        if (spare) {
            ParentWatch.startIdle(Long.parseLong(args[1]));
            ChildWarmUp.run(Arrays.asList(args).subList(3, args.length), false);
            ExitReport.install(args[2]);
        } else if (served) {
            ParentWatch.start(Long.parseLong(args[1]), false);
        }
        InputStream fromParent = new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16);
        BootstrapFrame frame;
        try {
            frame = BootstrapFrame.readFrom(fromParent);
        } catch (IOException e) {
            if (spare && e.getCause() instanceof EOFException) {
                // The server closed our input without work: it is shutting down. Nothing to report.
                System.exit(BOOTSTRAP_FAILED);
                return;
            }
            System.err.println("multiprocess: " + ChildMain.class.getName() + " is started by a parent process of the "
                    + "multiprocess library and reads its task from standard input; that failed: " + e.getMessage());
            System.exit(BOOTSTRAP_FAILED);
            return;
        }
        long atFrame = System.nanoTime();
        if (!spare) {
            prepareSerializer(frame.serializerClass());
            if (BootstrapProcessForm.holdsIpcObjects(frame.process())) {
                prepareNativeBinding();
            }
        }
        boolean reportsExit = false;
        if (spare) {
            ParentWatch.workStarted();
            StandardStreams.apply(1, frame.output());
            StandardStreams.apply(2, frame.error());
            reportsExit = ExitReport.isArmed();
        } else if (!served) {
            ParentWatch.start(frame.parentPid(), false);
        }
        System.setIn(InputStream.nullInputStream());
        ChildProcess self = enter(frame);
        if (self == null) {
            System.exit(BOOTSTRAP_FAILED);
            return;
        }
        long atReady = System.nanoTime();
        int status = self.bootstrap();
        String trace = System.getProperty(TRACE_PROPERTY);
        if (trace != null) {
            trace(trace, atMain, atFrame, atReady, System.nanoTime(), spare);
        }
        if (reportsExit) {
            ExitReport.exiting(status);
            System.exit(status);
        } else if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * With {@code -Dmultiprocess.trace.startup=true} among a context's JVM options, each child prints where
     * its start-up went to its standard error after {@code run()}; with {@code =<file>} it appends the line to
     * that file. The {@code System.nanoTime()} values at the end are comparable with the parent's on Linux,
     * for tools that add the parent's side (the benchmarks' {@code --breakdown}).
     */
    static final String TRACE_PROPERTY = "multiprocess.trace.startup";

    /** Cheap on purpose (no formatter, no management beans): it runs before the exit it helps to measure. */
    private static void trace(String where, long atMain, long atFrame, long atReady, long atEnd, boolean spare) {
        StringBuilder line = new StringBuilder("multiprocess: start-up of pid ")
                .append(ProcessHandle.current().pid())
                .append(spare ? ": main to frame (warm-up and wait) " : ": main to frame read ");
        millis(line, atFrame - atMain).append(", frame to process object ");
        millis(line, atReady - atFrame).append(", run() ");
        millis(line, atEnd - atReady)
                .append(" [nanoTime main=")
                .append(atMain)
                .append(" frame=")
                .append(atFrame)
                .append(" ready=")
                .append(atReady)
                .append(" end=")
                .append(atEnd)
                .append(']');
        if (where.equals("true")) {
            System.err.println(line);
            return;
        }
        try (FileOutputStream out = new FileOutputStream(where, true)) {
            out.write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.println(line);
        }
    }

    private static StringBuilder millis(StringBuilder line, long nanos) {
        long tenths = nanos / 100_000;
        return line.append(tenths / 10).append('.').append(tenths % 10).append(" ms");
    }

    /**
     * A child that did not warm up creates its serializer and builds its first Kryo instance on another
     * thread while this one reads the context and the process object, which usually need neither (see
     * {@link BootstrapProcessForm}); whatever the process then sends or receives uses them.
     */
    static void prepareSerializer(String serializerClass) {
        if (KryoSerializer.class.getName().equals(serializerClass)) {
            Thread preparing =
                    new Thread(new SerializerPreparation(serializerClass), "multiprocess-serializer-warm-up");
            preparing.setDaemon(true);
            preparing.start();
        }
    }

    /**
     * Classes whose initialization binds the native calls that connections, queues and locks make: loading
     * JNA costs a fresh JVM some 60 ms, which a child whose process object holds such objects spends on
     * another thread while it reads the object.
     */
    private static final String[] NATIVE_BINDINGS = {
        "io.multiprocess.internal.posix.Sockets",
        "io.multiprocess.internal.shm.Futex",
        "io.multiprocess.internal.ipc.MemoryFile"
    };

    static void prepareNativeBinding() {
        if (!"Linux".equals(System.getProperty("os.name")) || !"amd64".equals(System.getProperty("os.arch"))) {
            return;
        }
        Thread preparing = new Thread(new NativeBindingPreparation(), "multiprocess-native-warm-up");
        preparing.setDaemon(true);
        preparing.start();
    }

    /** Initializes {@link #NATIVE_BINDINGS}; one that fails is left for its first real use to report. */
    static final class NativeBindingPreparation implements Runnable {

        @Override
        public void run() {
            for (String binding : NATIVE_BINDINGS) {
                try {
                    Class.forName(binding, true, ChildMain.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError | RuntimeException reportedOnUse) {
                    // The code that needs the binding fails with its own, clearer error.
                }
            }
        }
    }

    /** A class, not a lambda: the first lambda of a JVM is costly. */
    private static final class SerializerPreparation implements Runnable {

        private final String serializerClass;

        SerializerPreparation(String serializerClass) {
            this.serializerClass = serializerClass;
        }

        @Override
        public void run() {
            if (Serializers.forName(serializerClass) instanceof KryoSerializer kryo) {
                kryo.prepare();
            }
        }
    }

    /**
     * Deserializes the process object, makes it the current process and the frame's context the default.
     *
     * @return the process, or null when the frame's payload could not be read (reported on standard error)
     */
    static @Nullable ChildProcess enter(BootstrapFrame frame) {
        try {
            // The settings first, and what the parent passes on (reductions, logging settings), which the
            // process object may need: adopted here, explicitly, before the process object is read.
            SettingsWireFormat.Inheritance inherited =
                    SettingsWireFormat.read(frame.context(), frame.serializerClass());
            inherited.adopt();
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            ChildProcess self = BootstrapProcessForm.decode(
                    frame.process(),
                    frame.serializerClass(),
                    loader != null ? loader : ChildMain.class.getClassLoader());
            DefaultSettings.set(inherited.settings(), true);
            ProcessTable.enterChild(self, new ParentProcess(frame.parentName(), frame.parentPid(), self.authkey()));
            return self;
        } catch (RuntimeException | LinkageError e) {
            System.err.println("multiprocess: the child process (pid "
                    + ProcessHandle.current().pid() + ") could not read the process object its parent sent:");
            e.printStackTrace();
            return null;
        }
    }
}
