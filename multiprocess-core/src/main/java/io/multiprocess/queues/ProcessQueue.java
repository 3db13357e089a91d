package io.multiprocess.queues;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.SerializationException;
import io.multiprocess.connection.ResourceSharer;
import io.multiprocess.internal.exit.ExitSequence;
import io.multiprocess.internal.ipc.MemoryFile;
import io.multiprocess.internal.ipc.MessageRing;
import io.multiprocess.internal.posix.Sockets;
import io.multiprocess.internal.shm.SharedSegment;
import io.multiprocess.process.DefaultSettings;
import io.multiprocess.serialization.ReferencePassingSerializer;
import io.multiprocess.serialization.Serializer;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.AbstractQueue;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A queue shared by processes: many producers and many consumers, in any processes that hold it.
 * Python's {@code multiprocessing.Queue(maxsize)}, and a {@link BlockingQueue} for Java code.
 *
 * <pre>{@code
 * ProcessQueue<Integer> queue = ctx.queue(0);
 * ChildProcess producer = ctx.process(() -> { for (int i = 0; i < 1000; i++) queue.put(i); });
 * producer.start();
 * int first = queue.get();
 * }</pre>
 *
 * <p><b>How it works.</b> Items are serialized in {@code put()}, on the caller's thread (so a value that
 * cannot be serialized fails there; byte arrays travel as they are, without the serializer), and written as one record into a ring in shared memory that every
 * process holding the queue maps; see {@link MessageRing}. The memory is an anonymous memory file: it
 * has no name, passes to other processes as a descriptor, and is freed by the kernel when the last
 * process lets go of it, so no queue can be left behind, even by processes killed with SIGKILL.
 *
 * <p><b>put.</b> Unbounded ({@code maxsize <= 0}): {@code put()} never blocks, as in Python: when the
 * ring is full, the item waits in this process's buffer and a feeder thread writes it as soon as there
 * is room, keeping this process's order. Bounded: {@code put()} waits (with the timeout given) until the
 * queue holds fewer than {@code maxsize} items, then writes the item itself: when it returns, the item
 * is in shared memory.
 *
 * <p><b>Delivery.</b> Every item whose {@code put()} returned is received exactly once, whole, and in
 * the order each producer put them, provided its producer process ends normally (a normal exit first
 * flushes the buffer, as Python's feeder thread does, unless {@link #cancelJoinThread()} was called;
 * a producer ended by SIGTERM or SIGHUP ends promptly and loses its buffered items, as in Python).
 *
 * <p><b>Processes killed with SIGKILL</b> (or crashing) at any moment: never a torn item, never a
 * queue that blocks the others (the locks of a dead process are taken over by the next process that
 * needs them). What is lost: a killed producer's items that were still in its buffer (unbounded
 * queues only: items that did not fit in the ring yet), and the one item that a killed consumer was
 * receiving at that moment, if it was larger than half the ring. Items of a bounded queue (and
 * of a {@link SimpleQueue}) are in shared memory once {@code put()} returned, and survive their
 * producer. An item being received by a killed consumer that fits in one record stays in the queue for
 * the others.
 *
 * <p><b>Blocking.</b> Python's methods throw the unchecked {@link InterruptedOperationException} when
 * interrupted; the {@link BlockingQueue} methods throw {@link InterruptedException} as that interface
 * says. {@code null} items are refused ({@link NullPointerException}), as {@code BlockingQueue} requires.
 *
 * <p><b>Life cycle.</b> {@link #close()} says that this process is done with the queue: its buffer is
 * still flushed in the background ({@link #joinThread()} waits for that), then its memory is released.
 * Other processes are not affected. A queue can be passed to child processes (as a process argument, in
 * a task, through another queue or connection); each serialized copy is received once, while the
 * sending process runs.
 *
 * <p>Operations that need to see the items, which other processes consume concurrently, throw
 * {@link UnsupportedOperationException}: {@code iterator}, {@code peek}, {@code contains},
 * {@code remove(Object)}, {@code toArray}.
 *
 * @param <E> the item type
 */
public class ProcessQueue<E> extends AbstractQueue<E> implements BlockingQueue<E>, AutoCloseable, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The default ring size: 4 MiB (items above half of it are streamed in chunks). */
    public static final int DEFAULT_CAPACITY = 4 << 20;

    private static final long DIRECT_WRITE_NANOS = 20_000;
    /** The ring tag of items that are byte arrays, which travel without the serializer. */
    private static final int RAW = 1;

    private static final Set<ProcessQueue<?>> FEEDING = ConcurrentHashMap.newKeySet();
    private static volatile boolean exitHookInstalled;
    /** How often the flush at exit checks whether a signal ends the process. */
    private static final long SIGNAL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final transient int memfd;
    private transient ResourceSharer.@Nullable Share share;
    private final transient MessageRing ring;
    private final transient String serializerClass;
    private transient volatile @Nullable Serializer serializer;
    private final transient boolean buffered;

    private final transient Object feedLock = new Object();
    private final transient ArrayDeque<Pending> pending = new ArrayDeque<>();
    private transient @Nullable Thread feeder;
    private transient volatile boolean closed;
    private transient volatile boolean released;
    private transient volatile boolean joinCancelled;

    /** The kind of queue, for travel. */
    enum Kind {
        QUEUE,
        SIMPLE,
        JOINABLE
    }

    ProcessQueue(int maxsize, boolean joinable, boolean buffered, Serializer serializer, int capacity) {
        this(
                newMemory(maxsize, joinable, capacity),
                buffered,
                serializer.getClass().getName());
        this.serializer = serializer;
    }

    /**
     * A queue with the default context's serializer. Prefer {@code ctx.queue(maxsize)}.
     *
     * @param maxsize the most items it holds; zero or negative for no bound
     */
    public ProcessQueue(int maxsize) {
        this(maxsize, false, true, DefaultSettings.get().serializer(), DEFAULT_CAPACITY);
    }

    /**
     * A queue with an explicit serializer.
     *
     * @param maxsize    the most items it holds; zero or negative for no bound
     * @param serializer how items are serialized
     */
    public ProcessQueue(int maxsize, Serializer serializer) {
        this(maxsize, false, true, serializer, DEFAULT_CAPACITY);
    }

    /**
     * A queue with an explicit serializer and ring size. Items larger than half the ring are streamed
     * through it in chunks, which holds the other producers back meanwhile; a larger ring takes more
     * shared memory (allocated as it is first used).
     *
     * @param maxsize      the most items it holds; zero or negative for no bound
     * @param serializer   how items are serialized
     * @param ringCapacity the ring's size in bytes: a power of two from 4096 to 2^28
     */
    public ProcessQueue(int maxsize, Serializer serializer, int ringCapacity) {
        this(maxsize, false, true, serializer, ringCapacity);
    }

    ProcessQueue(Memory memory, boolean buffered, String serializerClass) {
        this.memfd = memory.fd();
        this.ring = memory.ring();
        this.serializerClass = serializerClass;
        this.buffered = buffered && ring.maxsize() == 0;
    }

    /** A buffered item, serialized, with its ring tag. */
    private record Pending(byte[] bytes, int tag) {}

    /** A mapped queue memory and its descriptor. */
    record Memory(int fd, MessageRing ring) {}

    private static Memory newMemory(int maxsize, boolean joinable, int capacity) {
        int fd = MemoryFile.create("multiprocess-queue", MessageRing.segmentSize(capacity));
        try {
            SharedSegment segment = MemoryFile.map(fd, "multiprocess-queue", true);
            return new Memory(fd, MessageRing.create(segment, capacity, Math.max(0, maxsize), joinable));
        } catch (RuntimeException e) {
            Sockets.close(fd);
            throw e;
        }
    }

    static Memory attach(int fd) {
        try {
            return new Memory(fd, new MessageRing(MemoryFile.map(fd, "multiprocess-queue", false)));
        } catch (RuntimeException e) {
            Sockets.close(fd);
            throw e;
        }
    }

    Kind kind() {
        return Kind.QUEUE;
    }

    MessageRing ring() {
        return ring;
    }

    // ------------------------------------------------------------------ Python's API: put

    /**
     * Puts an item, waiting as long as needed for room in a bounded queue. Python's {@code put(obj)}.
     * Unbounded queues never wait.
     *
     * @param item the item
     * @throws InterruptedException if interrupted while a bounded queue is full (the item is not put)
     * @throws io.multiprocess.SerializationException if the item cannot be serialized
     * @throws ProcessStateException if the queue was closed in this process
     */
    @Override
    public void put(E item) throws InterruptedException {
        enqueue(item, Long.MAX_VALUE);
    }

    /**
     * Puts an item, waiting at most {@code timeout} for room. Python's {@code put(obj, timeout=...)}.
     *
     * @param item    the item
     * @param timeout how long to wait for room in a bounded queue
     * @throws QueueFullException if there was no room in time (the item is not put)
     * @throws InterruptedOperationException if interrupted while waiting
     */
    public void put(E item, Duration timeout) {
        try {
            if (!enqueue(item, deadline(timeout))) {
                throw new QueueFullException("The queue is full (maxsize " + ring.maxsize() + ") and stayed full for "
                        + timeout + "; the item was not put");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("room in a queue", e);
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
            throw new QueueFullException("The queue is full (maxsize " + ring.maxsize() + "); the item was not put");
        }
    }

    // ------------------------------------------------------------------ Python's API: get

    /**
     * Removes and returns the next item, waiting as long as needed. Python's {@code get()}.
     *
     * @return the item
     * @throws InterruptedOperationException if interrupted while waiting (no item is lost)
     * @throws io.multiprocess.SerializationException if the item cannot be deserialized (it is consumed)
     * @throws ProcessStateException if the queue was closed in this process
     */
    public E get() {
        try {
            return take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("a queue item", e);
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
            E item = dequeue(deadline(timeout));
            if (item == null) {
                throw new QueueEmptyException("No item arrived in the queue within " + timeout);
            }
            return item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("a queue item", e);
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
            throw new QueueEmptyException("The queue is empty");
        }
        return item;
    }

    /**
     * The approximate number of items: those in shared memory plus this process's buffered ones.
     * Python's {@code qsize()}.
     *
     * @return the count
     */
    public int qsize() {
        checkOpen();
        synchronized (feedLock) {
            return ring.count() + pending.size();
        }
    }

    /**
     * Whether the queue holds no items now (other processes may change that at once). Python's {@code empty()}.
     *
     * @return true if empty
     */
    public boolean empty() {
        checkOpen();
        return ring.count() == 0;
    }

    /**
     * Whether a bounded queue is full now. Python's {@code full()}.
     *
     * @return true if full
     */
    public boolean full() {
        checkOpen();
        return ring.maxsize() > 0 && ring.count() >= ring.maxsize();
    }

    /**
     * The bound given at creation.
     *
     * @return maxsize, 0 for unbounded
     */
    public int maxsize() {
        return ring.maxsize();
    }

    /**
     * Says that this process will put no more items, and releases the queue in this process once its
     * buffered items are written (in the background). Gets and puts afterwards raise
     * {@link ProcessStateException}; threads blocked on the queue fail. Closing twice does nothing.
     * Python's {@code close()}.
     */
    @Override
    public void close() {
        synchronized (feedLock) {
            if (closed) {
                return;
            }
            closed = true;
            if (feeder != null && !joinCancelled) {
                return;
            }
        }
        release();
    }

    private void release() {
        synchronized (feedLock) {
            if (released) {
                return;
            }
            released = true;
            pending.clear();
            feedLock.notifyAll();
        }
        FEEDING.remove(this);
        synchronized (feedLock) {
            if (share != null) {
                share.revokeLater();
                share = null;
            }
        }
        ring.close();
        Sockets.close(memfd);
    }

    /**
     * Waits until the buffered items of this process are written to the queue, after {@link #close()}.
     * Python's {@code join_thread()}.
     *
     * @throws ProcessStateException if the queue is not closed
     * @throws InterruptedOperationException if interrupted
     */
    public void joinThread() {
        if (!closed) {
            throw new ProcessStateException("joinThread() waits for the feeder of a closed queue; call close() first");
        }
        try {
            awaitFlushed(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("the queue's feeder", e);
        }
    }

    /**
     * Lets this process exit without waiting for its buffered items to be written; they are then lost
     * if the process exits first. Python's {@code cancel_join_thread()}.
     */
    public void cancelJoinThread() {
        joinCancelled = true;
        FEEDING.remove(this);
    }

    /**
     * Whether {@link #close()} was called in this process.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    // ------------------------------------------------------------------ BlockingQueue

    /**
     * Puts an item if possible without waiting (an unbounded queue always accepts).
     *
     * @param item the item
     * @return false if a bounded queue is full
     */
    @Override
    public boolean offer(E item) {
        try {
            return enqueue(item, System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Puts an item, waiting at most the timeout for room.
     *
     * @param item    the item
     * @param timeout how long
     * @param unit    its unit
     * @return false if no room came in time
     * @throws InterruptedException if interrupted
     */
    @Override
    public boolean offer(E item, long timeout, TimeUnit unit) throws InterruptedException {
        return enqueue(item, deadline(Duration.ofNanos(unit.toNanos(timeout))));
    }

    /**
     * Removes the next item, waiting as long as needed.
     *
     * @return the item
     * @throws InterruptedException if interrupted (no item is lost)
     */
    @Override
    public E take() throws InterruptedException {
        return dequeue(Long.MAX_VALUE);
    }

    /**
     * Removes the next item, waiting at most the timeout.
     *
     * @param timeout how long
     * @param unit    its unit
     * @return the item, or null on timeout
     * @throws InterruptedException if interrupted
     */
    @Override
    public @Nullable E poll(long timeout, TimeUnit unit) throws InterruptedException {
        return dequeue(deadline(Duration.ofNanos(unit.toNanos(timeout))));
    }

    /**
     * Removes an item if one is there now.
     *
     * @return the item, or null
     */
    @Override
    public @Nullable E poll() {
        try {
            return dequeue(System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * How many more items a bounded queue accepts now.
     *
     * @return maxsize minus the items in it, or {@link Integer#MAX_VALUE} when unbounded
     */
    @Override
    public int remainingCapacity() {
        return ring.maxsize() <= 0 ? Integer.MAX_VALUE : Math.max(0, ring.maxsize() - ring.count());
    }

    /**
     * Moves every item there now into a collection.
     *
     * @param target where the items go
     * @return how many
     */
    @Override
    public int drainTo(Collection<? super E> target) {
        return drainTo(target, Integer.MAX_VALUE);
    }

    /**
     * Moves at most {@code maxElements} items there now into a collection.
     *
     * @param target      where the items go
     * @param maxElements the most to move
     * @return how many
     */
    @Override
    public int drainTo(Collection<? super E> target, int maxElements) {
        Objects.requireNonNull(target, "target");
        if (target == this) {
            throw new IllegalArgumentException("Cannot drain a queue into itself");
        }
        int moved = 0;
        while (moved < maxElements) {
            E item = poll();
            if (item == null) {
                break;
            }
            target.add(item);
            moved++;
        }
        return moved;
    }

    /**
     * The number of items, as {@link #qsize()}.
     *
     * @return the count
     */
    @Override
    public int size() {
        return qsize();
    }

    /**
     * Not supported: other processes consume concurrently, so the items cannot be looked at in place.
     *
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public Iterator<E> iterator() {
        throw new UnsupportedOperationException(
                "A process queue cannot be iterated: its items live in shared memory and "
                        + "other processes consume them concurrently; use poll()/drainTo()");
    }

    /**
     * Not supported, for the same reason as {@link #iterator()}.
     *
     * @return never
     * @throws UnsupportedOperationException always
     */
    @Override
    public E peek() {
        throw new UnsupportedOperationException(
                "A process queue cannot be peeked at: another process may take the item "
                        + "at any moment; use poll()");
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[maxsize=" + ring.maxsize()
                + (closed ? ", closed" : ", items=" + ring.count()) + "]";
    }

    // ------------------------------------------------------------------ internals

    /** Serializes an item; a byte array travels as it is (tag {@link #RAW}) and is not copied here. */
    private byte[] serialize(E item) {
        Objects.requireNonNull(item, "A process queue does not accept null items (BlockingQueue's rule)");
        checkOpen();
        return item instanceof byte[] raw ? raw : serializer().serialize(item);
    }

    @SuppressWarnings("unchecked")
    private E deserialize(byte[] bytes, int tag) {
        return tag == RAW ? (E) bytes : (E) serializer().deserialize(bytes);
    }

    private Serializer serializer() {
        Serializer current = serializer;
        if (current == null) {
            Serializer contextual = DefaultSettings.get().serializer();
            current = contextual.getClass().getName().equals(serializerClass)
                    ? contextual
                    : Serializer.forClassName(serializerClass);
            serializer = current;
        }
        return current;
    }

    private void checkOpen() {
        if (closed) {
            throw new ProcessStateException("Queue " + this + " is closed in this process");
        }
    }

    @Nullable
    E dequeue(long deadlineNanos) throws InterruptedException {
        checkOpen();
        try {
            int[] tag = new int[1];
            byte[] bytes = ring.read(deadlineNanos, tag);
            return bytes == null ? null : deserialize(bytes, tag[0]);
        } catch (IllegalStateException closedMeanwhile) {
            throw new ProcessStateException("Queue was closed while waiting: " + closedMeanwhile.getMessage());
        }
    }

    private boolean enqueue(E item, long deadlineNanos) throws InterruptedException {
        byte[] bytes = serialize(item);
        int tag = item instanceof byte[] ? RAW : 0;
        try {
            if (!buffered) {
                // A simple queue is unbounded and never "full": its put waits while the ring has no room.
                return ring.write(bytes, tag, ring.maxsize() == 0 ? Long.MAX_VALUE : deadlineNanos);
            }
            synchronized (feedLock) {
                checkOpen();
                // Wait briefly for room before buffering: about as long as copying the item costs (1 ns a byte).
                if (pending.isEmpty()
                        && bytes.length <= ring.wholeLimit()
                        && ring.write(bytes, tag, System.nanoTime() + DIRECT_WRITE_NANOS + bytes.length)) {
                    return true;
                }
                // The caller may change its array once put() returned: buffer a copy.
                pending.addLast(new Pending(tag == RAW ? bytes.clone() : bytes, tag));
                if (feeder == null) {
                    startFeeder();
                }
                return true;
            }
        } catch (IllegalStateException closedMeanwhile) {
            throw new ProcessStateException("Queue was closed while waiting: " + closedMeanwhile.getMessage());
        }
    }

    /** Called with feedLock held. */
    private void startFeeder() {
        if (!joinCancelled) {
            FEEDING.add(this);
            installExitHook();
        }
        Thread thread = new Thread(this::feed, "multiprocess-queue-feeder");
        thread.setDaemon(true);
        feeder = thread;
        thread.start();
    }

    private void feed() {
        while (true) {
            Pending next;
            synchronized (feedLock) {
                next = pending.peekFirst();
                if (next == null || released) {
                    feeder = null;
                    feedLock.notifyAll();
                    break;
                }
            }
            try {
                ring.write(next.bytes(), next.tag(), Long.MAX_VALUE);
            } catch (InterruptedException | IllegalStateException e) {
                synchronized (feedLock) {
                    pending.clear();
                }
                continue;
            } catch (RuntimeException e) {
                System.err.println("multiprocess: the feeder of " + this + " failed: " + e);
                synchronized (feedLock) {
                    pending.clear();
                }
                continue;
            }
            synchronized (feedLock) {
                pending.pollFirst();
            }
        }
        FEEDING.remove(this);
        if (closed) {
            release();
        }
    }

    /** Waits until the feeder has written everything buffered. */
    boolean awaitFlushed(long deadlineNanos) throws InterruptedException {
        synchronized (feedLock) {
            while (feeder != null && !released) {
                long left = deadlineNanos == Long.MAX_VALUE ? 0 : deadlineNanos - System.nanoTime();
                if (deadlineNanos != Long.MAX_VALUE && left <= 0) {
                    return false;
                }
                feedLock.wait(deadlineNanos == Long.MAX_VALUE ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return true;
        }
    }

    private static void installExitHook() {
        if (exitHookInstalled) {
            return;
        }
        synchronized (FEEDING) {
            if (exitHookInstalled) {
                return;
            }
            exitHookInstalled = true;
            // The flush waits as long as it takes on a normal exit (as Python's does), but not once SIGTERM or
            // SIGHUP ends the process: then the buffered items are lost, as in Python, and the process ends.
            ExitSequence.watchSignalsNow();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> ExitSequence.runHook(() -> {
                                for (ProcessQueue<?> queue : FEEDING) {
                                    if (!queue.joinCancelled) {
                                        try {
                                            while (!ExitSequence.endedBySignal()
                                                    && !queue.awaitFlushed(System.nanoTime() + SIGNAL_CHECK_NANOS)) {
                                                // Wait on, checking for a signal now and then.
                                            }
                                        } catch (InterruptedException e) {
                                            return;
                                        }
                                    }
                                }
                            }),
                            "multiprocess-queue-flush"));
        }
    }

    static long deadline(@Nullable Duration timeout) {
        if (timeout == null) {
            return Long.MAX_VALUE;
        }
        long nanos = Math.max(0, timeout.toNanos());
        return nanos > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : System.nanoTime() + nanos;
    }

    // ------------------------------------------------------------------ travel

    @Serial
    Object writeReplace() {
        checkOpen();
        if (ReferencePassingSerializer.class.getName().equals(serializerClass)) {
            throw new SerializationException(
                    "This queue belongs to a 'thread' context and passes its items by "
                            + "reference inside this JVM, so it cannot travel to another process; create it from a 'spawn' "
                            + "or 'forkserver' context to share it with processes",
                    null);
        }
        return new QueueTicket(kind(), share().ticket(), serializerClass);
    }

    /** The memory's descriptor, registered with the resource sharer once, revoked on release. */
    private ResourceSharer.Share share() {
        synchronized (feedLock) {
            if (share == null) {
                share = ResourceSharer.share(memfd);
            }
            return share;
        }
    }

    /**
     * What a queue travels as: a ticket for the descriptor of its memory, and its serializer. Any number
     * of processes can receive it while the queue is open in the sending process.
     *
     * @param kind            which queue class
     * @param memory          the ticket for the memory file
     * @param serializerClass the serializer's class name
     */
    record QueueTicket(Kind kind, ResourceSharer.Ticket memory, String serializerClass) implements Serializable {

        @Serial
        private Object readResolve() {
            int fd = memory.redeem();
            Memory attached = attach(fd);
            return switch (kind) {
                case QUEUE -> new ProcessQueue<>(attached, true, serializerClass);
                case SIMPLE -> new SimpleQueue<>(attached, serializerClass);
                case JOINABLE -> new JoinableQueue<>(attached, serializerClass);
            };
        }
    }
}
