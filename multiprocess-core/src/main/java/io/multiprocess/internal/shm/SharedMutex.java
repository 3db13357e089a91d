package io.multiprocess.internal.shm;

import java.util.concurrent.TimeUnit;

/**
 * A mutual-exclusion lock in one 32-bit word of shared memory, usable by threads of any process that
 * maps the segment, which survives the death of its owner.
 *
 * <pre>
 * word (4 bytes, 4-aligned), all accesses volatile (CAS / getAndSet / getVolatile):
 *   0                      free
 *   pid                    held by a thread of process pid, nobody waiting
 *   pid | WAITERS          held, and some thread may be asleep on the word (futex)
 * pid uses bits 0-29 (Linux pids are below 2^22); WAITERS is bit 30.
 * </pre>
 *
 * <p>Acquiring an uncontended lock is one compare-and-set; releasing it one get-and-set; the kernel is
 * entered only to sleep and to wake a sleeper (the "futexes are tricky" protocol, with the owner's pid
 * in the word). A waiter checks after each sleep slice whether the owner's process still runs; when
 * it died holding the lock (killed by a signal, say), the waiter takes the lock over and learns it
 * through {@link Acquired#OWNER_DIED}, so that it can repair or discard the state the lock guarded.
 *
 * <p>Ownership is per process, not per thread: the word only says which process holds the lock.
 * Callers that need thread ownership (re-entrancy, release by the owner only) track it in the process.
 *
 * <p>Internal API.
 */
public final class SharedMutex {

    /** Size of the lock word. */
    public static final int BYTES = 4;

    private static final int WAITERS = 1 << 30;
    private static final int PID_MASK = WAITERS - 1;

    private final SharedSegment segment;
    private final int offset;

    /** How an acquisition went. */
    public enum Acquired {
        /** The lock was taken normally. */
        YES,
        /** The lock was taken over from a process that died holding it. */
        OWNER_DIED,
        /** The timeout passed. */
        TIMED_OUT
    }

    /**
     * A view of the lock word at {@code offset} of {@code segment}. The word must start as 0 (a
     * created segment is zero-filled).
     *
     * @param segment the segment holding the word
     * @param offset  the byte offset of the word, a multiple of 4
     */
    public SharedMutex(SharedSegment segment, int offset) {
        if ((offset & 3) != 0) {
            throw new IllegalArgumentException("A lock word must be 4-byte aligned, not at offset " + offset);
        }
        this.segment = segment;
        this.offset = offset;
    }

    /**
     * Takes the lock if it is free, without waiting.
     *
     * @return true if taken
     */
    public boolean tryLock() {
        return SharedSegment.INT.compareAndSet(segment.buffer(), offset, 0, ProcessLiveness.self());
    }

    /**
     * Takes the lock, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; {@link Long#MAX_VALUE} nanoseconds for ever
     * @param unit    its unit
     * @return whether and how the lock was taken
     * @throws InterruptedException if the thread is interrupted while waiting (the lock is not held then)
     */
    public Acquired lock(long timeout, TimeUnit unit) throws InterruptedException {
        if (tryLock()) {
            return Acquired.YES;
        }
        return lockSlow(timeout == Long.MAX_VALUE ? Long.MAX_VALUE : unit.toNanos(timeout));
    }

    private Acquired lockSlow(long timeoutNanos) throws InterruptedException {
        var buffer = segment.buffer();
        int self = ProcessLiveness.self();
        long address = segment.address(offset);
        long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
        // Spin briefly: a lock held for a short critical section is often free within a microsecond.
        for (int spin = 0; spin < 100; spin++) {
            if ((int) SharedSegment.INT.getVolatile(buffer, offset) == 0
                    && SharedSegment.INT.compareAndSet(buffer, offset, 0, self)) {
                return Acquired.YES;
            }
            Thread.onSpinWait();
        }
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("Interrupted while waiting for a shared lock");
            }
            int current = (int) SharedSegment.INT.getVolatile(buffer, offset);
            if (current == 0) {
                // Taken after waiting: others may still sleep, so keep the WAITERS bit (a spurious wake is harmless).
                if (SharedSegment.INT.compareAndSet(buffer, offset, 0, self | WAITERS)) {
                    return Acquired.YES;
                }
                continue;
            }
            if ((current & WAITERS) == 0
                    && !SharedSegment.INT.compareAndSet(buffer, offset, current, current | WAITERS)) {
                continue;
            }
            long left = deadline == Long.MAX_VALUE ? Futex.SLICE_NANOS : deadline - System.nanoTime();
            if (left <= 0) {
                return Acquired.TIMED_OUT;
            }
            Futex.Outcome outcome = Futex.waitSlice(address, current | WAITERS, left);
            if (outcome == Futex.Outcome.TIMED_OUT) {
                int owner = (int) SharedSegment.INT.getVolatile(buffer, offset);
                if (owner != 0
                        && !ProcessLiveness.isAlive(owner & PID_MASK)
                        && SharedSegment.INT.compareAndSet(buffer, offset, owner, self | WAITERS)) {
                    return Acquired.OWNER_DIED;
                }
            }
        }
    }

    /**
     * Releases the lock, waking one sleeper if there may be any. The caller must hold it (this class
     * does not check which thread does).
     *
     * @throws IllegalStateException if the lock is not held by this process
     */
    public void unlock() {
        var buffer = segment.buffer();
        int previous = (int) SharedSegment.INT.getAndSet(buffer, offset, 0);
        if ((previous & PID_MASK) != ProcessLiveness.self()) {
            if (previous != 0) {
                // Not ours: put it back as it was.
                SharedSegment.INT.compareAndSet(buffer, offset, 0, previous);
            }
            throw new IllegalStateException("Cannot release a shared lock this process does not hold (word was "
                    + (previous == 0 ? "free" : "held by pid " + (previous & PID_MASK)) + ")");
        }
        if ((previous & WAITERS) != 0) {
            Futex.wake(segment.address(offset), 1);
        }
    }

    /**
     * The pid of the process holding the lock.
     *
     * @return the pid, or 0 when free
     */
    public int ownerPid() {
        return (int) SharedSegment.INT.getVolatile(segment.buffer(), offset) & PID_MASK;
    }
}
