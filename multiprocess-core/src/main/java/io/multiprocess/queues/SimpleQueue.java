package io.multiprocess.queues;

import io.multiprocess.process.DefaultSettings;
import io.multiprocess.serialization.Serializer;
import java.io.Serial;

/**
 * An unbounded queue without a feeder thread: {@code put()} writes the item into shared memory itself
 * (waiting while the ring is full), so an item whose {@code put()} returned survives its producer, even
 * one killed with SIGKILL the next moment. Python's {@code multiprocessing.SimpleQueue}.
 *
 * <p>Being unbounded, it is never full: {@code put}, {@code offer} and their timed forms wait as long as
 * the ring needs to make room, and always succeed. Everything else is as for {@link ProcessQueue};
 * {@code joinThread()} and {@code cancelJoinThread()} have nothing to do.
 *
 * @param <E> the item type
 */
public class SimpleQueue<E> extends ProcessQueue<E> {

    @Serial
    private static final long serialVersionUID = 1L;

    /** A simple queue with the default context's serializer. Prefer {@code ctx.simpleQueue()}. */
    public SimpleQueue() {
        this(DefaultSettings.get().serializer());
    }

    /**
     * A simple queue with an explicit serializer.
     *
     * @param serializer how items are serialized
     */
    public SimpleQueue(Serializer serializer) {
        this(serializer, DEFAULT_CAPACITY);
    }

    /**
     * A simple queue with an explicit serializer and ring size (see
     * {@link ProcessQueue#ProcessQueue(int, Serializer, int)}).
     *
     * @param serializer   how items are serialized
     * @param ringCapacity the ring's size in bytes: a power of two from 4096 to 2^28
     */
    public SimpleQueue(Serializer serializer, int ringCapacity) {
        super(0, false, false, serializer, ringCapacity);
    }

    SimpleQueue(Memory memory, String serializerClass) {
        super(memory, false, serializerClass);
    }

    @Override
    Kind kind() {
        return Kind.SIMPLE;
    }
}
