package io.multiprocess.managers;

import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * A proxy of a queue served by a {@link SyncManager}: a {@link BlockingQueue} that lives in the
 * manager's server, with Python's methods besides. Python's {@code manager.Queue(maxsize)}.
 *
 * <p>Blocking methods ({@code put}, {@code take}, {@code poll} and {@code offer} with a timeout, Python's
 * {@code get} and {@code put}) wait in the server, on the calling thread's own connection. A caller that
 * dies or is interrupted while it waits gives up its place: the server notices the closed connection
 * within a fraction of a second and never hands it an item it could not receive (Python's manager queue
 * loses that item). Null elements are refused, as by every {@link BlockingQueue}.
 *
 * <p>{@link #iterator()} iterates over a copy taken in one call; {@code drainTo} moves the items in one
 * call and adds them to the collection in this process.
 *
 * @param <E> the element type
 */
public interface QueueProxy<E> extends BlockingQueue<E>, BaseProxy {

    /**
     * Removes and returns the head, waiting as long as it takes. Python's {@code get()}.
     *
     * @return the head
     * @throws io.multiprocess.InterruptedOperationException if interrupted while waiting
     */
    E get();

    /**
     * Removes and returns the head, waiting at most {@code timeout}. Python's {@code get(timeout=...)}.
     *
     * @param timeout how long to wait
     * @return the head
     * @throws io.multiprocess.queues.QueueEmptyException if none came in time
     */
    E get(Duration timeout);

    /**
     * Removes and returns the head without waiting. Python's {@code get_nowait()}.
     *
     * @return the head
     * @throws io.multiprocess.queues.QueueEmptyException if the queue is empty
     */
    E getNowait();

    /**
     * Adds an item, waiting at most {@code timeout} for room. Python's {@code put(item, timeout=...)}.
     *
     * @param item    the item
     * @param timeout how long to wait
     * @throws io.multiprocess.queues.QueueFullException if there was no room in time
     */
    void put(E item, Duration timeout);

    /**
     * Adds an item without waiting. Python's {@code put_nowait(item)}.
     *
     * @param item the item
     * @throws io.multiprocess.queues.QueueFullException if the queue is full
     */
    void putNowait(E item);

    /**
     * The number of items. Python's {@code qsize()}.
     *
     * @return the count
     */
    int qsize();

    /**
     * Whether the queue is empty. Python's {@code empty()}.
     *
     * @return true if empty
     */
    boolean empty();

    /**
     * Whether the queue is full. Python's {@code full()}.
     *
     * @return true if a bounded queue is at its maximum size
     */
    boolean full();

    /**
     * Removes up to {@code maxElements} available items, in one call.
     *
     * @param maxElements the most to take
     * @return the items, in order
     */
    List<E> drain(int maxElements);

    /** An iterator over a copy of the items, taken in one call. */
    @Override
    default Iterator<E> iterator() {
        return this.<List<E>>copyReferent().iterator();
    }

    /**
     * Moves every available item into {@code collection}.
     *
     * @param collection where the items go
     * @return how many moved
     */
    @Override
    default int drainTo(Collection<? super E> collection) {
        return drainTo(collection, Integer.MAX_VALUE);
    }

    /**
     * Moves up to {@code maxElements} available items into {@code collection}.
     *
     * @param collection  where the items go
     * @param maxElements the most to move
     * @return how many moved
     */
    @Override
    default int drainTo(Collection<? super E> collection, int maxElements) {
        if (collection == this) {
            throw new IllegalArgumentException("A queue cannot be drained into itself");
        }
        List<E> items = drain(maxElements);
        collection.addAll(items);
        return items.size();
    }
}
