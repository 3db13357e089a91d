package io.multiprocess.serialization;

import io.multiprocess.SerializationException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A serializer that copies nothing: each value is kept in this serializer, under a handle of 8 bytes that
 * travels instead, and handed out, the same object, when the handle is read back. Queues and pipes of a
 * {@code thread} context use one each, so that, as in Python's {@code multiprocessing.dummy}, the
 * threads that share them share the objects they pass: a mutable object put by one thread is the very
 * object another gets, and objects need not be serializable.
 *
 * <p>Handles are only valid for the instance that issued them, so what uses one stays in its JVM: reading a
 * handle through another instance (in another process) fails with {@link SerializationException}. A
 * handle is read once; values put and never read stay referenced as long as this serializer is.
 */
public final class ReferencePassingSerializer implements Serializer {

    private static final int HANDLE = Long.BYTES;
    private static final Object NULL = new Object();

    private final Map<Long, Object> values = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();

    /** A new serializer with no values. */
    public ReferencePassingSerializer() {}

    @Override
    public byte[] serialize(@Nullable Object value) {
        long handle = next.incrementAndGet();
        values.put(handle, value == null ? NULL : value);
        return ByteBuffer.allocate(HANDLE).putLong(handle).array();
    }

    @Override
    public @Nullable Object deserialize(byte[] bytes, int offset, int length) {
        if (length != HANDLE) {
            throw unknown(length + " bytes that are not a handle");
        }
        long handle = ByteBuffer.wrap(bytes, offset, length).getLong();
        Object value = values.remove(handle);
        if (value == null) {
            throw unknown("handle " + handle + ", which this serializer did not issue or already handed out");
        }
        return value == NULL ? null : value;
    }

    /**
     * How many values were put and not yet read back.
     *
     * @return the count
     */
    public int pending() {
        return values.size();
    }

    private static SerializationException unknown(String what) {
        return new SerializationException(
                "A 'thread' context's queue or pipe passes objects by reference inside "
                        + "the JVM that created it, and got " + what + ": such a queue or pipe cannot be used from "
                        + "another process; create it from a 'spawn' or 'forkserver' context to share it with processes",
                null);
    }
}
