package io.multiprocess.synchronize;

import io.multiprocess.internal.shm.Futex;
import io.multiprocess.internal.shm.SharedBlock;
import io.multiprocess.internal.shm.SharedSegment;
import java.lang.invoke.VarHandle;
import java.nio.MappedByteBuffer;

/**
 * The waiting room of a condition variable in 8 bytes of shared memory: exact {@code notify(n)} across
 * processes.
 *
 * <pre>
 * one 64-bit word at an 8-aligned offset, updated only by CAS / getAndAdd (volatile: full fences):
 *   bits 0-31   tokens   notifications posted and not yet taken (the futex word: the low half on x86)
 *   bits 32-63  waiters  threads registered as waiting that have not taken a token
 * invariant: tokens &lt;= waiters, except briefly after an interrupted waiter left without a token
 * </pre>
 *
 * <p>A waiter registers while it holds the condition's lock, releases the lock, and takes a token
 * (one CAS that removes both a token and its registration) or sleeps on the token half. A notifier,
 * holding the lock, posts {@code min(n, waiters - tokens)} tokens and wakes that many sleepers, so
 * {@code notify(n)} wakes at most n threads that were waiting when it was called, never one that
 * started waiting later. A waiter that times out leaves by the same CAS; if a token is there it takes
 * it and counts as notified, so no notification is lost with it.
 */
final class ConditionWord {

    /** Bytes the word takes. */
    static final int BYTES = 8;

    private static final VarHandle LONG = SharedSegment.LONG;
    private static final long ONE_WAITER = 1L << 32;

    private final SharedBlock block;
    private final MappedByteBuffer buffer;
    private final int offset;
    private volatile long address;

    ConditionWord(SharedBlock block, int offset) {
        if ((offset & 7) != 0) {
            throw new IllegalArgumentException("A condition word must be 8-byte aligned, not at offset " + offset);
        }
        this.block = block;
        this.buffer = block.buffer();
        this.offset = offset;
    }

    /** Registers the calling thread as a waiter; called while holding the lock. */
    void register() {
        LONG.getAndAdd(buffer, offset, ONE_WAITER);
    }

    /**
     * Waits for a token until the deadline ({@link Long#MAX_VALUE} for ever) after {@link #register()}.
     *
     * @return true if notified, false if the deadline passed (the registration is withdrawn either way)
     * @throws InterruptedException if interrupted before a notification arrived (registration withdrawn)
     */
    boolean awaitToken(long deadline, boolean interruptible) throws InterruptedException {
        while (true) {
            long word = (long) LONG.getVolatile(buffer, offset);
            if ((int) word > 0) {
                if (LONG.compareAndSet(buffer, offset, word, word - ONE_WAITER - 1)) {
                    return true;
                }
                continue;
            }
            if (interruptible && Thread.interrupted()) {
                if (withdraw()) {
                    // Notified before the interruption was seen: return normally, keep the interrupt status.
                    Thread.currentThread().interrupt();
                    return true;
                }
                throw new InterruptedException("Interrupted while waiting on a process condition");
            }
            long left = deadline == Long.MAX_VALUE ? Futex.SLICE_NANOS : deadline - System.nanoTime();
            if (left <= 0) {
                return withdraw();
            }
            Futex.waitSlice(address(), 0, left);
        }
    }

    /** Leaves the waiting room: takes a token if one is there (true), else just unregisters (false). */
    private boolean withdraw() {
        while (true) {
            long word = (long) LONG.getVolatile(buffer, offset);
            boolean token = (int) word > 0;
            if (LONG.compareAndSet(buffer, offset, word, word - ONE_WAITER - (token ? 1 : 0))) {
                return token;
            }
        }
    }

    /**
     * Notifies at most {@code n} waiters; called while holding the lock.
     *
     * @return how many were notified
     */
    int notify(int n) {
        while (true) {
            long word = (long) LONG.getVolatile(buffer, offset);
            int waiters = (int) (word >>> 32);
            int tokens = (int) word;
            int posted = Math.min(n, waiters - tokens);
            if (posted <= 0) {
                return 0;
            }
            if (LONG.compareAndSet(buffer, offset, word, word + posted)) {
                Futex.wake(address(), posted);
                return posted;
            }
        }
    }

    /** Registered waiters that were not notified yet. */
    int waiting() {
        long word = (long) LONG.getVolatile(buffer, offset);
        return Math.max(0, (int) (word >>> 32) - (int) word);
    }

    private long address() {
        long known = address;
        if (known == 0) {
            known = block.segment().address(offset);
            address = known;
        }
        return known;
    }
}
