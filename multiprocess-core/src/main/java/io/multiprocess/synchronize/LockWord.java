package io.multiprocess.synchronize;

import io.multiprocess.internal.shm.Futex;
import io.multiprocess.internal.shm.ProcessLiveness;
import io.multiprocess.internal.shm.SharedBlock;
import io.multiprocess.internal.shm.SharedSegment;
import java.lang.invoke.VarHandle;
import java.nio.MappedByteBuffer;

/**
 * A mutual-exclusion lock in 16 bytes of shared memory, held by a process (threads are tracked by the
 * public lock classes), which survives the death of its holder.
 *
 * <pre>
 * offset  word         who writes it, how                                   why that ordering
 * +0      owner        acquirer: CAS 0 -&gt; pid; releaser: getAndSet 0     CAS/xchg are full fences: they order
 *                      (0 = free, else the holding process's pid)          the guarded data (acquire/release)
 * +4      sleepers     a thread entering/leaving the sleeping phase:       full fence: a releaser that reads 0
 *                      getAndAdd(+1/-1)                                    here saw no sleeper that could miss
 *                                                                          its release (Dekker with owner)
 * +8      wakeSeq      a releaser that wakes a sleeper: getAndAdd(+1)      the futex word: a bump between a
 *                                                                          sleeper's read and its sleep makes
 *                                                                          the sleep return at once
 * +12     wakePending  releaser: CAS 0 -&gt; 1 before waking; the woken       volatile: while one woken sleeper has
 *                      sleeper: set 0 when it runs                         not run yet, releases skip the wake
 *                                                                          system call
 * </pre>
 *
 * <p>Uncontended, acquiring is one CAS and releasing one exchange plus one load: no system call. A
 * contended acquirer spins about 10 us (with back-off), yields, then sleeps on a futex in slices of
 * {@link Futex#SLICE_NANOS}; every slice it checks whether the holding process still runs, and takes
 * over the lock of a dead holder (reporting the dead pid). A releaser wakes one sleeper only when some
 * sleep and no earlier wake is pending. The woken sleeper, if the lock was taken again before it got
 * there (a holder releasing and re-acquiring in a loop), stays the <em>candidate</em>: wakePending
 * stays set, so that further releases make no system call, and it polls the lock at growing intervals
 * (50 us to 1 ms, about 2 ms in all); if it still did not get it, it clears wakePending and sleeps until
 * a release wakes it again. This keeps a contended lock's throughput near the uncontended one,
 * at the price of fairness (as with most locks, including CPython's).
 */
final class LockWord {

    /** Bytes the word takes. */
    static final int BYTES = 16;

    /** {@link #acquire} result: acquired normally. */
    static final int ACQUIRED = 0;

    /** {@link #acquire} result: the timeout passed. */
    static final int TIMED_OUT = -1;

    private static final VarHandle INT = SharedSegment.INT;
    private static final long SPIN_NANOS = 10_000;
    private static final int MAX_PAUSE = 64;
    private static final long FIRST_POLL_NANOS = 50_000;
    private static final long MAX_POLL_NANOS = 1_000_000;

    private final SharedBlock block;
    private final MappedByteBuffer buffer;
    private final int owner;
    private final int sleepers;
    private final int wakeSeq;
    private final int wakePending;
    private volatile long wakeSeqAddress;

    LockWord(SharedBlock block, int base) {
        if ((base & 3) != 0) {
            throw new IllegalArgumentException("A lock word must be 4-byte aligned, not at offset " + base);
        }
        this.block = block;
        this.buffer = block.buffer();
        this.owner = base;
        this.sleepers = base + 4;
        this.wakeSeq = base + 8;
        this.wakePending = base + 12;
    }

    /** Takes the lock if it is free. */
    boolean tryAcquire() {
        return INT.compareAndSet(buffer, owner, 0, ProcessLiveness.self());
    }

    /**
     * Takes the lock, waiting at most {@code timeoutNanos} ({@link Long#MAX_VALUE} for ever).
     *
     * @return {@link #ACQUIRED}, {@link #TIMED_OUT}, or the pid of a dead holder whose lock was taken over
     * @throws InterruptedException if {@code interruptible} and the thread is interrupted (lock not held)
     */
    int acquire(long timeoutNanos, boolean interruptible) throws InterruptedException {
        if (tryAcquire()) {
            return ACQUIRED;
        }
        if (timeoutNanos <= 0) {
            return TIMED_OUT;
        }
        return acquireSlow(timeoutNanos, interruptible);
    }

    private int acquireSlow(long timeoutNanos, boolean interruptible) throws InterruptedException {
        int self = ProcessLiveness.self();
        long start = System.nanoTime();
        long deadline = timeoutNanos == Long.MAX_VALUE ? Long.MAX_VALUE : start + timeoutNanos;
        // Spin with exponential back-off between looks, so that the spinner does not keep stealing the
        // cache line from the holder.
        for (int pause = 1; ; pause = Math.min(pause << 1, MAX_PAUSE)) {
            if ((int) INT.getVolatile(buffer, owner) == 0 && INT.compareAndSet(buffer, owner, 0, self)) {
                return ACQUIRED;
            }
            for (int i = 0; i < pause; i++) {
                Thread.onSpinWait();
            }
            long now = System.nanoTime();
            if (now - start >= SPIN_NANOS || deadline != Long.MAX_VALUE && now - deadline >= 0) {
                break;
            }
        }
        Thread.yield();
        if (tryAcquire()) {
            return ACQUIRED;
        }
        boolean acquired = false;
        boolean candidate = false;
        long pollNanos = FIRST_POLL_NANOS;
        long nextLivenessCheck = System.nanoTime() + Futex.SLICE_NANOS;
        INT.getAndAdd(buffer, sleepers, 1);
        try {
            while (true) {
                int seq = (int) INT.getVolatile(buffer, wakeSeq);
                if ((int) INT.getVolatile(buffer, owner) == 0 && INT.compareAndSet(buffer, owner, 0, self)) {
                    acquired = true;
                    return ACQUIRED;
                }
                if (interruptible && Thread.interrupted()) {
                    throw new InterruptedException("Interrupted while waiting for a process lock");
                }
                long now = System.nanoTime();
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - now;
                if (left <= 0) {
                    return TIMED_OUT;
                }
                if (now - nextLivenessCheck >= 0) {
                    nextLivenessCheck = now + Futex.SLICE_NANOS;
                    int holder = (int) INT.getVolatile(buffer, owner);
                    if (holder != 0
                            && !ProcessLiveness.isAlive(holder)
                            && INT.compareAndSet(buffer, owner, holder, self)) {
                        acquired = true;
                        return holder;
                    }
                }
                // A candidate (woken, but the lock was taken again before it got there) polls with a growing
                // interval while wakePending stays set, so that releasers skip the wake-up system call.
                long sleep = Math.min(left, candidate ? pollNanos : Futex.SLICE_NANOS);
                Futex.Outcome outcome = Futex.waitSlice(wakeSeqAddress(), seq, sleep);
                if (candidate) {
                    if (pollNanos >= MAX_POLL_NANOS) {
                        // Held for long: stop polling, sleep until a release wakes this thread again.
                        candidate = false;
                        INT.setVolatile(buffer, wakePending, 0);
                    }
                    pollNanos = Math.min(pollNanos << 1, MAX_POLL_NANOS);
                } else if (outcome != Futex.Outcome.TIMED_OUT) {
                    candidate = true;
                    pollNanos = FIRST_POLL_NANOS;
                }
                for (int i = 0; i < 32; i++) {
                    if ((int) INT.getVolatile(buffer, owner) == 0 && INT.compareAndSet(buffer, owner, 0, self)) {
                        acquired = true;
                        return ACQUIRED;
                    }
                    Thread.onSpinWait();
                }
            }
        } finally {
            INT.getAndAdd(buffer, sleepers, -1);
            if (candidate || acquired) {
                // Releases skipped their wake-up while this thread was the candidate: from now on they must wake.
                INT.setVolatile(buffer, wakePending, 0);
            }
            if (!acquired && (int) INT.getVolatile(buffer, owner) == 0 && (int) INT.getVolatile(buffer, sleepers) > 0) {
                // A wake meant for this thread must not be lost with it.
                wakeOne();
            }
        }
    }

    /**
     * Frees the lock, whichever process holds it, and wakes a sleeper if one may be asleep.
     *
     * @return the pid that held it, or 0 if it was free (nothing changed then)
     */
    int release() {
        int previous = (int) INT.getAndSet(buffer, owner, 0);
        if (previous != 0 && (int) INT.getVolatile(buffer, sleepers) > 0) {
            wakeOne();
        }
        return previous;
    }

    private void wakeOne() {
        if ((int) INT.getVolatile(buffer, wakePending) == 0 && INT.compareAndSet(buffer, wakePending, 0, 1)) {
            INT.getAndAdd(buffer, wakeSeq, 1);
            Futex.wake(wakeSeqAddress(), 1);
        }
    }

    /** The pid of the holding process, 0 when free. */
    int ownerPid() {
        return (int) INT.getVolatile(buffer, owner);
    }

    /** The offset of the word in its block. */
    int base() {
        return owner;
    }

    /** The block the word lives in. */
    SharedBlock block() {
        return block;
    }

    private long wakeSeqAddress() {
        long address = wakeSeqAddress;
        if (address == 0) {
            address = block.segment().address(wakeSeq);
            wakeSeqAddress = address;
        }
        return address;
    }
}
