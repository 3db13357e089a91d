package io.multiprocess.serialization;

import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Turns values into bytes and back, for sending them to another process.
 *
 * <p>Implementations must be thread-safe and must have a public no-argument constructor: a child
 * process creates its own instance from the class name its parent used, so both ends agree on the
 * format. Both ends run the same class path, so class names resolve to the same classes.
 *
 * <p>Errors: a value that cannot be serialized raises {@link io.multiprocess.SerializationException}
 * naming the offending class and the path to it; nothing is written to the stream in that case.
 * Bytes that cannot be read back (truncated, corrupt, a class missing in the receiver) also raise
 * {@link io.multiprocess.SerializationException}.
 *
 * <p>Kryo, like Python's pickle, runs code of the classes it reads: deserialize only bytes from a
 * peer that proved it holds the authentication key, and bytes from a network peer under a
 * {@link DeserializationPolicy} ({@link #deserialize(byte[], int, int, DeserializationPolicy)}).
 */
public interface Serializer {

    /**
     * Serializes a value, which may be null.
     *
     * @param value the value, may be null
     * @return the bytes, which {@link #deserialize(byte[], int, int)} turns back into an equal value
     * @throws io.multiprocess.SerializationException if the value or something it references cannot be serialized
     */
    byte[] serialize(@Nullable Object value);

    /**
     * Serializes a value into a stream. The stream is not closed. Nothing is written when
     * serialization fails.
     *
     * @param value the value, may be null
     * @param out   where to write the bytes
     * @throws io.multiprocess.SerializationException if the value cannot be serialized or the stream fails
     */
    default void serialize(@Nullable Object value, OutputStream out) {
        byte[] bytes = serialize(value);
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new io.multiprocess.SerializationException(
                    "Could not write " + bytes.length + " serialized bytes: " + e, e);
        }
    }

    /**
     * Reads back a value written by {@link #serialize(Object)}.
     *
     * @param bytes  the buffer
     * @param offset where the value's bytes start
     * @param length how many bytes the value spans
     * @return the value, possibly null
     * @throws io.multiprocess.SerializationException if the bytes are not a value of this serializer
     */
    @Nullable
    Object deserialize(byte[] bytes, int offset, int length);

    /**
     * Reads back a value sent by a peer, under a {@link DeserializationPolicy}: when the policy is
     * enforced, a class it does not allow is refused before any instance of it is created. The library's
     * serializers ({@link KryoSerializer}, {@link JdkSerializer}) enforce it; a serializer of the
     * application that does not override this method reads as {@link #deserialize(byte[], int, int)} does
     * when the policy is not enforced, and refuses to read when it is, since it cannot tell which classes
     * the bytes name.
     *
     * @param bytes  the buffer
     * @param offset where the value's bytes start
     * @param length how many bytes the value spans
     * @param policy the classes allowed (when enforced) and the limits of Java deserialization
     * @return the value, possibly null
     * @throws io.multiprocess.SerializationException if the bytes are not a value of this serializer, or name
     *     a class the policy refuses (the message names the class and the setting that allows it)
     */
    default @Nullable Object deserialize(byte[] bytes, int offset, int length, DeserializationPolicy policy) {
        if (policy.isEnforcing()) {
            throw new io.multiprocess.SerializationException(
                    "Refused to deserialize a value sent by a peer: "
                            + getClass().getName()
                            + " cannot enforce the deserialization allow-list, which is enforced for servers and "
                            + "connections on non-loopback addresses; override deserialize(byte[], int, int, "
                            + "DeserializationPolicy) in it, use KryoSerializer or JdkSerializer, or trust "
                            + "authenticated peers with DeserializationPolicy.trustAll() "
                            + "(multiprocess.serialization.enforcement=never)",
                    null);
        }
        return deserialize(bytes, offset, length);
    }

    /**
     * Reads back a value written by {@link #serialize(Object)}.
     *
     * @param bytes the value's bytes, exactly
     * @return the value, possibly null
     * @throws io.multiprocess.SerializationException if the bytes are not a value of this serializer
     */
    default @Nullable Object deserialize(byte[] bytes) {
        return deserialize(bytes, 0, bytes.length);
    }

    /**
     * Creates a serializer from its class name, as a child process does with the name its parent sent.
     *
     * @param className the fully qualified name of a {@link Serializer} with a public no-argument constructor
     * @return a new instance
     * @throws io.multiprocess.SerializationException if the class cannot be found or instantiated
     */
    static Serializer forClassName(String className) {
        if (KryoSerializer.class.getName().equals(className)) {
            return new KryoSerializer();
        }
        if (JdkSerializer.class.getName().equals(className)) {
            return new JdkSerializer();
        }
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> type = Class.forName(className, true, loader != null ? loader : Serializer.class.getClassLoader());
            return (Serializer) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new io.multiprocess.SerializationException(
                    "Cannot create serializer " + className
                            + ": it must implement " + Serializer.class.getName()
                            + " and have a public no-argument constructor on the class path (" + e + ")",
                    e);
        }
    }
}
