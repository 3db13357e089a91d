package io.multiprocess.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Serializes exceptions with their type, message, cause chain, suppressed exceptions and stack traces.
 *
 * <p>Throwable's own fields are private to the JDK, so field-by-field serialization cannot reach them;
 * Java's built-in serialization can, and every exception is {@link java.io.Serializable}. When an
 * exception holds something that is not (a socket in a custom field, say), it travels as a
 * {@link SerializedThrowable} that keeps the class name, message, stack trace, cause and suppressed
 * exceptions.
 */
final class ThrowableSerializer extends Serializer<Throwable> {

    private static final byte AS_ITSELF = 0;
    private static final byte AS_SURROGATE = 1;

    @Override
    public void write(Kryo kryo, Output output, Throwable throwable) {
        byte[] bytes = javaSerialize(throwable);
        if (bytes != null) {
            output.writeByte(AS_ITSELF);
            output.writeVarInt(bytes.length, true);
            output.writeBytes(bytes);
            return;
        }
        output.writeByte(AS_SURROGATE);
        output.writeString(
                throwable instanceof SerializedThrowable s
                        ? s.originalClassName()
                        : throwable.getClass().getName());
        output.writeString(throwable.getMessage());
        StackTraceElement[] trace = throwable.getStackTrace();
        output.writeVarInt(trace.length, true);
        for (StackTraceElement element : trace) {
            output.writeString(element.getClassLoaderName());
            output.writeString(element.getModuleName());
            output.writeString(element.getModuleVersion());
            output.writeString(element.getClassName());
            output.writeString(element.getMethodName());
            output.writeString(element.getFileName());
            output.writeInt(element.getLineNumber());
        }
        Throwable cause = throwable.getCause() == throwable ? null : throwable.getCause();
        kryo.writeClassAndObject(output, cause);
        Throwable[] suppressed = throwable.getSuppressed();
        output.writeVarInt(suppressed.length, true);
        for (Throwable s : suppressed) {
            kryo.writeClassAndObject(output, s);
        }
    }

    @Override
    public Throwable read(Kryo kryo, Input input, Class<? extends Throwable> type) {
        byte form = input.readByte();
        if (form == AS_ITSELF) {
            byte[] bytes = input.readBytes(input.readVarInt(true));
            return javaDeserialize(bytes, kryo.getClassLoader(), KryoSerializer.policyOf(kryo));
        }
        SerializedThrowable surrogate = new SerializedThrowable(input.readString(), input.readString());
        kryo.reference(surrogate);
        StackTraceElement[] trace = new StackTraceElement[input.readVarInt(true)];
        for (int i = 0; i < trace.length; i++) {
            trace[i] = new StackTraceElement(
                    input.readString(),
                    input.readString(),
                    input.readString(),
                    input.readString(),
                    input.readString(),
                    input.readString(),
                    input.readInt());
        }
        surrogate.setStackTrace(trace);
        Object cause = kryo.readClassAndObject(input);
        if (cause instanceof Throwable t) {
            surrogate.initCause(t);
        }
        int suppressed = input.readVarInt(true);
        for (int i = 0; i < suppressed; i++) {
            Object s = kryo.readClassAndObject(input);
            if (s instanceof Throwable t) {
                surrogate.addSuppressed(t);
            }
        }
        return surrogate;
    }

    /** The JDK serialization of the throwable, or null when something it holds is not serializable. */
    private static byte @Nullable [] javaSerialize(Throwable throwable) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (ObjectOutputStream out = new ReducingObjectOutputStream(bytes)) {
            out.writeObject(throwable);
        } catch (IOException | RuntimeException notSerializable) {
            return null;
        }
        return bytes.toByteArray();
    }

    private static Throwable javaDeserialize(byte[] bytes, ClassLoader loader, DeserializationPolicy policy) {
        try {
            return (Throwable) JavaDeserialization.read(bytes, 0, bytes.length, loader, policy);
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new KryoException("Cannot read an exception: " + e, e);
        }
    }
}
