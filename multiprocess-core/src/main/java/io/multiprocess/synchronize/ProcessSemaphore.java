package io.multiprocess.synchronize;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.internal.shm.Futex;
import io.multiprocess.internal.shm.SharedBlock;
import io.multiprocess.internal.shm.SharedSegment;
import io.multiprocess.tracker.ResourceTracker;
import java.io.Serial;
import java.io.Serializable;
import java.lang.invoke.VarHandle;
import java.nio.MappedByteBuffer;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A counting semaphore shared between processes. Python's {@code multiprocessing.Semaphore}.
 *
 * <pre>
 * shared layout (12 bytes):
 * +0  count     the value: acquire = CAS count -&gt; count-1 when positive; release = getAndAdd(+1); the futex word
 * +4  sleepers  threads sleeping in acquire: getAndAdd(+1/-1); a release wakes one only when positive
 *               (both full fences: a release that reads 0 here saw no sleeper that could miss its increment)
 * +8  bound     0 for a plain semaphore, the maximum value for a bounded one (written once at creation)
 * </pre>
 *
 * <p>Uncontended calls are one atomic operation; only a thread that must wait enters the kernel.
 * Python-style calls are unchecked: an interrupted wait throws {@link InterruptedOperationException}
 * with the interrupt status set again. Units taken by a process that dies are not given back (as with
 * POSIX semaphores). The segment's life cycle is that of the locks (see {@link AbstractProcessLock}).
 *
 * <p>Python's {@code with semaphore:} is {@code try (var held = semaphore.hold()) { ... }}, which takes
 * one unit and gives it back at the end of the block (see {@link #hold()}). The semaphore is not
 * {@link AutoCloseable}: {@code try (semaphore)} does not compile; {@link #unlink()} removes the
 * segment's name explicitly.
 */
public sealed class ProcessSemaphore implements Serializable permits BoundedProcessSemaphore {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String KIND = "semaphore";
    static final int BYTES = 12;
    private static final VarHandle INT = SharedSegment.INT;
    private static final int COUNT = 0;
    private static final int SLEEPERS = 4;
    private static final int BOUND = 8;

    private final transient SharedBlock block;
    private final transient MappedByteBuffer buffer;
    private transient volatile long countAddress;

    /**
     * A semaphore with the given initial value, in a new shared-memory segment.
     *
     * @param value the initial value, zero or more
     * @throws IllegalArgumentException for a negative value
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessSemaphore(int value) {
        this(KIND, value, 0);
    }

    ProcessSemaphore(String kind, int value, int bound) {
        if (value < 0) {
            throw new IllegalArgumentException("A semaphore's initial value must be zero or more, not " + value);
        }
        this.block = SharedBlock.create(kind, BYTES, ResourceTracker.segments());
        this.buffer = block.buffer();
        INT.setVolatile(buffer, COUNT, value);
        INT.setVolatile(buffer, BOUND, bound);
        block.putView(new ViewKey(kind, 0), this);
    }

    ProcessSemaphore(SharedBlock block) {
        this.block = block;
        this.buffer = block.buffer();
    }

    /**
     * Takes a unit, waiting as long as it takes. Python's {@code acquire()}.
     *
     * @return true
     * @throws InterruptedOperationException if interrupted while waiting (nothing taken)
     */
    public boolean acquire() {
        return acquire(true, null);
    }

    /**
     * Takes a unit, or with {@code blocking == false} only if one is available now.
     *
     * @param blocking whether to wait
     * @return whether a unit was taken
     * @throws InterruptedOperationException if interrupted while waiting (nothing taken)
     */
    public boolean acquire(boolean blocking) {
        return acquire(blocking, null);
    }

    /**
     * Takes a unit, waiting at most {@code timeout}.
     *
     * @param timeout the longest wait; zero or negative does not wait
     * @return whether a unit was taken; false on timeout
     * @throws InterruptedOperationException if interrupted while waiting (nothing taken)
     */
    public boolean acquire(Duration timeout) {
        return acquire(true, timeout);
    }

    /**
     * Python's {@code acquire(block, timeout)}.
     *
     * @param blocking whether to wait
     * @param timeout  the longest wait; null for ever; ignored when not blocking
     * @return whether a unit was taken
     * @throws InterruptedOperationException if interrupted while waiting (nothing taken)
     */
    public boolean acquire(boolean blocking, @Nullable Duration timeout) {
        if (tryAcquire()) {
            return true;
        }
        long nanos = !blocking ? 0 : timeout == null ? Long.MAX_VALUE : AbstractProcessLock.saturatedNanos(timeout);
        if (nanos <= 0) {
            return false;
        }
        try {
            return acquireSlow(nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("the process semaphore " + name(), e);
        }
    }

    /**
     * Takes a unit, waiting as long as it takes, and returns the hold that gives it back: Python's
     * {@code with semaphore:} as {@code try (var held = semaphore.hold()) { ... }}.
     *
     * @return the hold; closing it releases the unit (once)
     * @throws InterruptedOperationException if interrupted while waiting (nothing taken)
     */
    public Held hold() {
        acquire();
        return new Held(this::release, name());
    }

    /**
     * Takes a unit if one is available now.
     *
     * @return whether a unit was taken
     */
    public boolean tryAcquire() {
        while (true) {
            int count = (int) INT.getVolatile(buffer, COUNT);
            if (count <= 0) {
                return false;
            }
            if (INT.compareAndSet(buffer, COUNT, count, count - 1)) {
                return true;
            }
        }
    }

    private boolean acquireSlow(long deadline) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            Thread.onSpinWait();
            if (tryAcquire()) {
                return true;
            }
        }
        boolean acquired = false;
        INT.getAndAdd(buffer, SLEEPERS, 1);
        try {
            while (true) {
                if (tryAcquire()) {
                    acquired = true;
                    return true;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("Interrupted while waiting for a process semaphore");
                }
                long left = deadline == Long.MAX_VALUE ? Futex.SLICE_NANOS : deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                Futex.waitSlice(countAddress(), 0, left);
            }
        } finally {
            INT.getAndAdd(buffer, SLEEPERS, -1);
            if (!acquired && (int) INT.getVolatile(buffer, COUNT) > 0 && (int) INT.getVolatile(buffer, SLEEPERS) > 0) {
                // A wake meant for this thread must not be lost with it.
                Futex.wake(countAddress(), 1);
            }
        }
    }

    /**
     * Gives a unit back, waking one waiting thread (in any process) if some wait. Python's
     * {@code release()}.
     *
     * @throws io.multiprocess.synchronize.OverReleaseException for a {@link BoundedProcessSemaphore} already at its
     *     initial value
     */
    public void release() {
        int bound = (int) INT.getVolatile(buffer, BOUND);
        if (bound == 0) {
            INT.getAndAdd(buffer, COUNT, 1);
        } else {
            while (true) {
                int count = (int) INT.getVolatile(buffer, COUNT);
                if (count >= bound) {
                    throw new OverReleaseException("Cannot release the bounded process semaphore " + name()
                            + ": its value " + count + " is already its initial value " + bound
                            + " (Python: \"semaphore "
                            + "or lock released too many times\")");
                }
                if (INT.compareAndSet(buffer, COUNT, count, count + 1)) {
                    break;
                }
            }
        }
        if ((int) INT.getVolatile(buffer, SLEEPERS) > 0) {
            Futex.wake(countAddress(), 1);
        }
    }

    /**
     * The current value (a snapshot). Python's {@code get_value()}.
     *
     * @return the number of units available
     */
    public int value() {
        return (int) INT.getVolatile(buffer, COUNT);
    }

    /**
     * The name of the semaphore's shared-memory segment.
     *
     * @return the name
     */
    public String name() {
        return block.name();
    }

    /**
     * Unlinks the semaphore's segment now if this process created it (see {@link AbstractProcessLock#unlink()}).
     */
    public void unlink() {
        block.unlink();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name() + ", value=" + value() + "]";
    }

    SharedBlock block() {
        return block;
    }

    private long countAddress() {
        long address = countAddress;
        if (address == 0) {
            address = block.segment().address(COUNT);
            countAddress = address;
        }
        return address;
    }

    @Serial
    Object writeReplace() {
        return new Ticket(block.name(), block.type());
    }

    /** How a semaphore travels: its block. */
    private record Ticket(String block, String type) implements Serializable {
        @Serial
        private Object readResolve() {
            SharedBlock shared = SharedBlock.attach(block, type);
            return shared.view(
                    new ViewKey(type, 0),
                    b -> BoundedProcessSemaphore.KIND.equals(type)
                            ? new BoundedProcessSemaphore(b)
                            : new ProcessSemaphore(b));
        }
    }
}
