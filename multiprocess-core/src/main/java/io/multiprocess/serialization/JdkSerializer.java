package io.multiprocess.serialization;

import io.multiprocess.SerializationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Java's built-in serialization ({@link ObjectOutputStream}), for users who want its rules: every
 * class must implement {@link java.io.Serializable}, lambdas must have a serializable target type (the
 * library's {@code io.multiprocess.function} types are), and {@code writeObject}/{@code readResolve}
 * hooks run as usual.
 *
 * <p>Slower and larger than {@link KryoSerializer}, and refuses more; select it with
 * {@code context.withSerializer(new JdkSerializer())}. The same objects are refused as with Kryo
 * (threads, streams, JDK locks...), with the same messages and paths, and classes with a
 * {@link Reduction} travel as their registration says (they need not be {@link java.io.Serializable}
 * then). Thread-safe.
 */
public final class JdkSerializer implements Serializer {

    private final ClassLoader classLoader;

    /** Creates a serializer that resolves classes through the current thread's context class loader. */
    public JdkSerializer() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        this.classLoader = context != null ? context : JdkSerializer.class.getClassLoader();
    }

    @Override
    public byte[] serialize(@Nullable Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        write(value, bytes);
        return bytes.toByteArray();
    }

    @Override
    public void serialize(@Nullable Object value, OutputStream out) {
        byte[] bytes = serialize(value);
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new SerializationException("Could not write serialized bytes: " + e, e);
        }
    }

    @Override
    public @Nullable Object deserialize(byte[] bytes, int offset, int length) {
        return deserialize(bytes, offset, length, DeserializationPolicy.trustAll());
    }

    /**
     * Reads back a value under a policy: its filter sees every class and array of the stream.
     *
     * @param bytes  the buffer
     * @param offset where the value's bytes start
     * @param length how many bytes the value spans
     * @param policy the classes allowed (when enforced) and the limits
     * @return the value, possibly null
     * @throws SerializationException if the bytes are not a value, or name a class the policy refuses
     */
    @Override
    public @Nullable Object deserialize(byte[] bytes, int offset, int length, DeserializationPolicy policy) {
        try {
            return JavaDeserialization.read(bytes, offset, length, classLoader, policy);
        } catch (DeserializationRefusedException refused) {
            throw refused;
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw SerializationFailures.undecodable(length, e);
        }
    }

    private static void write(@Nullable Object value, ByteArrayOutputStream bytes) {
        try (ObjectOutputStream out = new ReducingObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (UnserializableObjectException refused) {
            throw SerializationFailures.unserializable(value, refused.offender(), refused.reason(), refused);
        } catch (NotSerializableException e) {
            String className = e.getMessage();
            throw SerializationFailures.unserializableClass(value, className, notSerializableReason(className), e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException(
                    "Cannot serialize a value of type " + value.getClass().getName() + ": " + e, e);
        }
    }

    private static String notSerializableReason(String className) {
        if (className != null && className.contains("$$Lambda")) {
            return "it is a lambda or method reference whose type is not serializable; declare the parameter or variable "
                    + "with a type from io.multiprocess.function, or cast it to an intersection such as (Runnable & Serializable)";
        }
        return "it does not implement java.io.Serializable, which JdkSerializer requires; implement it, mark the field "
                + "transient, or use the default KryoSerializer, which does not need it";
    }
}
