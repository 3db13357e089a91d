package io.multiprocess.hazelcast;

import com.hazelcast.collection.IQueue;
import com.hazelcast.config.QueueConfig;
import io.multiprocess.InterruptedOperationException;
import io.multiprocess.queues.QueueEmptyException;
import io.multiprocess.queues.QueueFullException;
import io.multiprocess.serialization.Serializer;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A queue of the cluster: Python's {@code Queue} with the same methods as the library's
 * {@link io.multiprocess.queues.ProcessQueue}, backed by a Hazelcast {@link IQueue}. Every process of
 * the cluster that uses the same name shares it; it travels to tasks (captured, or as an argument) by
 * name, and arrives there as the same queue, through the member's own instance.
 *
 * <p>Items are serialized with the context's serializer in the calling thread (an item that cannot be
 * sent fails {@code put} there) and stored as bytes, so that anything a pool task can take can be queued;
 * the queue holds them with Hazelcast's backups (one by default: the items survive the loss of one
 * member). Null items are refused, as by every {@link BlockingQueue}.
 *
 * <p>Blocking methods wait in the cluster; the JDK methods throw {@link InterruptedException} when the
 * thread is interrupted, Python's ({@link #get()}, {@link #put(Object, Duration)}...) throw
 * {@link InterruptedOperationException}. There is nothing to close: the data stays in the cluster until
 * {@link #destroy()}.
 *
 * @param <E> the item type
 */
public final class ClusterQueue<E> extends AbstractQueue<E> implements BlockingQueue<E>, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient ClusterContext context;
    private final transient String name;
    private final transient int maxsize;
    private final transient IQueue<byte[]> queue;
    private final transient Serializer serializer;

    ClusterQueue(ClusterContext context, String name, int maxsize) {
        this.context = context;
        this.name = Objects.requireNonNull(name, "name");
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must be 0 (unbounded) or more, not " + maxsize);
        }
        if (maxsize > 0) {
            context.instance().getConfig().addQueueConfig(new QueueConfig(name).setMaxSize(maxsize));
        }
        this.maxsize = maxsize;
        this.queue = context.instance().getQueue(name);
        this.serializer = context.serializer();
    }

    /**
     * The queue's name in the cluster.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The bound given when this handle was made. Python's {@code _maxsize}.
     *
     * @return the most items the queue holds, 0 for unbounded
     */
    public int maxsize() {
        return maxsize;
    }

    private byte[] bytes(E item) {
        return serializer.serialize(Objects.requireNonNull(item, "A queue does not take null items"));
    }

    private @Nullable E item(byte @Nullable [] bytes) {
        return ClusterInstances.read(serializer, bytes);
    }

    // ------------------------------------------------------------------ Python's API

    /**
     * Puts an item, waiting at most {@code timeout} for room. Python's {@code put(obj, timeout=...)}.
     *
     * @param item    the item
     * @param timeout how long to wait for room in a bounded queue
     * @throws QueueFullException if there was no room in time (the item is not put)
     * @throws InterruptedOperationException if interrupted while waiting
     * @throws io.multiprocess.SerializationException if the item cannot be serialized
     */
    public void put(E item, Duration timeout) {
        try {
            if (!queue.offer(bytes(item), Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS)) {
                throw new QueueFullException("The cluster queue '" + name + "' is full (maxsize " + maxsize
                        + ") and stayed full for " + timeout + "; the item was not put");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("room in cluster queue '" + name + "'", e);
        }
    }

    /**
     * Puts an item only if there is room now. Python's {@code put_nowait(obj)}.
     *
     * @param item the item
     * @throws QueueFullException if a bounded queue is full
     */
    public void putNowait(E item) {
        if (!offer(item)) {
            throw new QueueFullException(
                    "The cluster queue '" + name + "' is full (maxsize " + maxsize + "); the item was not put");
        }
    }

    /**
     * Removes and returns the next item, waiting as long as needed. Python's {@code get()}.
     *
     * @return the item
     * @throws InterruptedOperationException if interrupted while waiting
     * @throws io.multiprocess.SerializationException if the item cannot be read (it is consumed)
     */
    public E get() {
        try {
            return take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("an item of cluster queue '" + name + "'", e);
        }
    }

    /**
     * Removes and returns the next item, waiting at most {@code timeout}. Python's {@code get(timeout=...)}.
     *
     * @param timeout how long to wait
     * @return the item
     * @throws QueueEmptyException if none came in time
     * @throws InterruptedOperationException if interrupted
     */
    public E get(Duration timeout) {
        try {
            E item = poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            if (item == null) {
                throw new QueueEmptyException("No item arrived in the cluster queue '" + name + "' within " + timeout);
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("an item of cluster queue '" + name + "'", e);
        }
    }

    /**
     * Removes and returns an item if one is there now. Python's {@code get_nowait()}.
     *
     * @return the item
     * @throws QueueEmptyException if the queue is empty
     */
    public E getNowait() {
        E item = poll();
        if (item == null) {
            throw new QueueEmptyException("The cluster queue '" + name + "' is empty");
        }
        return item;
    }

    /**
     * The number of items in the cluster. Python's {@code qsize()}.
     *
     * @return the count
     */
    public int qsize() {
        return queue.size();
    }

    /**
     * Whether the queue holds no item. Python's {@code empty()}.
     *
     * @return true if empty
     */
    public boolean empty() {
        return queue.isEmpty();
    }

    /**
     * Whether a bounded queue is full. Python's {@code full()}.
     *
     * @return true if full
     */
    public boolean full() {
        return queue.remainingCapacity() == 0;
    }

    /** Removes the queue and its items from the cluster; using the name again makes a new, empty queue. */
    public void destroy() {
        queue.destroy();
    }

    // ------------------------------------------------------------------ BlockingQueue

    @Override
    public void put(E item) throws InterruptedException {
        queue.put(bytes(item));
    }

    @Override
    public boolean offer(E item) {
        return queue.offer(bytes(item));
    }

    @Override
    public boolean offer(E item, long timeout, TimeUnit unit) throws InterruptedException {
        return queue.offer(bytes(item), timeout, unit);
    }

    @Override
    public E take() throws InterruptedException {
        return item(queue.take());
    }

    @Override
    public @Nullable E poll(long timeout, TimeUnit unit) throws InterruptedException {
        return item(queue.poll(timeout, unit));
    }

    @Override
    public @Nullable E poll() {
        return item(queue.poll());
    }

    @Override
    public @Nullable E peek() {
        return item(queue.peek());
    }

    @Override
    public int size() {
        return queue.size();
    }

    @Override
    public int remainingCapacity() {
        return queue.remainingCapacity();
    }

    @Override
    public int drainTo(Collection<? super E> target) {
        return drainTo(target, Integer.MAX_VALUE);
    }

    @Override
    public int drainTo(Collection<? super E> target, int maxElements) {
        if (target == this) {
            throw new IllegalArgumentException("A queue cannot be drained into itself");
        }
        List<byte[]> drained = new ArrayList<>();
        queue.drainTo(drained, maxElements);
        for (byte[] bytes : drained) {
            target.add(item(bytes));
        }
        return drained.size();
    }

    /** An iterator over a copy of the items, taken in one call; its {@code remove} is not supported. */
    @Override
    public Iterator<E> iterator() {
        List<E> copy = new ArrayList<>();
        for (byte[] bytes : queue) {
            copy.add(item(bytes));
        }
        return Collections.unmodifiableList(copy).iterator();
    }

    @Override
    public String toString() {
        return "ClusterQueue[" + name + ", " + ClusterInstances.clusterName(context.instance()) + "]";
    }

    // ------------------------------------------------------------------ travel

    @Serial
    private Object writeReplace() {
        return new Ref(
                ClusterInstances.clusterName(context.instance()),
                name,
                maxsize,
                serializer.getClass().getName());
    }

    /** What travels of a queue: its cluster's name and its own; rebuilt through that cluster's instance there. */
    private record Ref(String cluster, String name, int maxsize, String serializerClass) implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            return new ClusterQueue<>(ClusterInstances.contextFor(cluster, serializerClass), name, maxsize);
        }
    }
}
