package io.multiprocess.synchronize;

import io.multiprocess.internal.shm.SharedBlock;
import io.multiprocess.tracker.ResourceTracker;
import java.io.Serial;
import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * A recursive lock shared between processes: the thread holding it may acquire it again, and must
 * release it as many times. Python's {@code multiprocessing.RLock}, and a
 * {@link java.util.concurrent.locks.Lock} like {@link java.util.concurrent.locks.ReentrantLock}.
 *
 * <p>Only the holding thread may release it: a release by another thread, or by another process,
 * throws {@link LockNotHeldException} and changes nothing. Re-entry costs no shared-memory access at
 * all. See {@link AbstractProcessLock} for speed, timeouts, interruption, how a holder's death is
 * recovered, and the life cycle of the shared segment.
 */
public final class ReentrantProcessLock extends AbstractProcessLock {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Bytes the lock takes in a shared block. */
    static final int BYTES = LockWord.BYTES;

    static final String KIND = "rlock";

    /** The holding thread of this process; written by it only, so plain fields suffice. */
    private transient @Nullable Thread owner;

    private transient int holds;

    /**
     * Creates a lock in a new shared-memory segment (registered with the resource tracker).
     *
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ReentrantProcessLock() {
        this(SharedBlock.create(KIND, BYTES, ResourceTracker.segments()), 0);
        word.block().putView(new ViewKey(KIND, 0), this);
    }

    private ReentrantProcessLock(SharedBlock block, int offset) {
        super(new LockWord(block, offset));
    }

    /**
     * The re-entrant lock whose word is at {@code offset} of a shared block, canonical per process: how
     * shared values and arrays keep their lock in their own segment.
     *
     * @param block  the block
     * @param offset the word's offset, 16 bytes, 4-aligned
     * @return the lock
     */
    public static ReentrantProcessLock at(SharedBlock block, int offset) {
        return block.view(new ViewKey(KIND, offset), b -> new ReentrantProcessLock(b, offset));
    }

    @Override
    boolean acquireNanos(long nanos, boolean interruptible) throws InterruptedException {
        Thread self = Thread.currentThread();
        if (owner == self) {
            if (holds == Integer.MAX_VALUE) {
                throw new IllegalStateException("Maximum lock count exceeded for " + name());
            }
            holds++;
            return true;
        }
        if (acquireWord(nanos, interruptible)) {
            owner = self;
            holds = 1;
            return true;
        }
        return false;
    }

    /**
     * Releases one hold; the last one frees the lock.
     *
     * @throws LockNotHeldException if the calling thread does not hold the lock (Python: "attempt to
     *     release recursive lock not owned by thread")
     */
    @Override
    public void release() {
        if (owner != Thread.currentThread()) {
            throw new LockNotHeldException(
                    "Cannot release the re-entrant process lock " + name() + ": the calling thread "
                            + "does not hold it ("
                            + ownerPid().stream()
                                    .mapToObj(pid -> "held by pid " + pid)
                                    .findFirst()
                                    .orElse("free")
                            + "); only the holding thread may release it");
        }
        if (--holds == 0) {
            owner = null;
            releaseWord();
        }
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return owner == Thread.currentThread();
    }

    /**
     * How many times the calling thread holds the lock.
     *
     * @return the hold count, 0 when it does not hold it
     */
    public int holdCount() {
        return owner == Thread.currentThread() ? holds : 0;
    }

    @Override
    int releaseForWait(String operation) {
        if (!isHeldByCurrentThread()) {
            throw new LockNotHeldException(
                    "Cannot " + operation + " a condition without holding its lock " + name() + "; acquire it first");
        }
        int saved = holds;
        holds = 0;
        owner = null;
        releaseWord();
        return saved;
    }

    @Override
    void reacquireAfterWait(int saved) {
        acquireWordUninterruptibly();
        owner = Thread.currentThread();
        holds = saved;
    }

    @Serial
    private Object writeReplace() {
        return new Ticket(word.block().name(), word.block().type(), word.base());
    }

    /** How a lock travels: its block and offset. */
    private record Ticket(String block, String type, int offset) implements Serializable {
        @Serial
        private Object readResolve() {
            return ReentrantProcessLock.at(SharedBlock.attach(block, type), offset);
        }
    }
}
