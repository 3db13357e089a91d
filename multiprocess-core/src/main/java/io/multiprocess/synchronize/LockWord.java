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
 * contended acquirer spins about 20 us, yields, then sleeps on a futex in slices of
 * {@link Futex#SLICE_NANOS}; after each slice that timed out it checks whether the holding process still
 * runs, and takes over the lock of a dead holder (reporting the dead pid). Releasers wake one sleeper
 * only when some sleep and no earlier wake is still pending, so a holder that releases and re-acquires
 * in a loop does not pay a system call per release.
 */
final class LockWord {

    /** Bytes the word takes. */
    static final int BYTES = 16;

    /** {@link #acquire} result: acquired normally. */
    static final int ACQUIRED = 0;

    /** {@link #acquire} result: the timeout passed. */
    static final int TIMED_OUT = -1;

    private static final VarHandle INT = SharedSegment.INT;
    private static final long SPIN_NANOS = 20_000;

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
        for (int i = 1; ; i++) {
            if ((int) INT.getVolatile(buffer, owner) == 0 && INT.compareAndSet(buffer, owner, 0, self)) {
                return ACQUIRED;
            }
            Thread.onSpinWait();
            if ((i & 63) == 0) {
                long now = System.nanoTime();
                if (now - start >= SPIN_NANOS || deadline != Long.MAX_VALUE && now - deadline >= 0) {
                    break;
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            Thread.yield();
            if (tryAcquire()) {
                return ACQUIRED;
            }
        }
        boolean acquired = false;
        INT.getAndAdd(buffer, sleepers, 1);
        try {
            while (true) {
                int seq = (int) INT.getVolatile(buffer, wakeSeq);
                int holder = (int) INT.getVolatile(buffer, owner);
                if (holder == 0) {
                    if (INT.compareAndSet(buffer, owner, 0, self)) {
                        acquired = true;
                        return ACQUIRED;
                    }
                    continue;
                }
                if (interruptible && Thread.interrupted()) {
                    throw new InterruptedException("Interrupted while waiting for a process lock");
                }
                long left = deadline == Long.MAX_VALUE ? Futex.SLICE_NANOS : deadline - System.nanoTime();
                if (left <= 0) {
                    return TIMED_OUT;
                }
                Futex.Outcome outcome = Futex.waitSlice(wakeSeqAddress(), seq, left);
                INT.setVolatile(buffer, wakePending, 0);
                if (outcome == Futex.Outcome.TIMED_OUT) {
                    int stillHolder = (int) INT.getVolatile(buffer, owner);
                    if (stillHolder != 0 && !ProcessLiveness.isAlive(stillHolder)
                        && INT.compareAndSet(buffer, owner, stillHolder, self)) {
                        acquired = true;
                        return stillHolder;
                    }
                }
                for (int i = 0; i < 64; i++) {
                    if ((int) INT.getVolatile(buffer, owner) == 0 && INT.compareAndSet(buffer, owner, 0, self)) {
                        acquired = true;
                        return ACQUIRED;
                    }
                    Thread.onSpinWait();
                }
            }
        } finally {
            INT.getAndAdd(buffer, sleepers, -1);
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
