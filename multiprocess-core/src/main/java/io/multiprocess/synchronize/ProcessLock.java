package io.multiprocess.synchronize;

import io.multiprocess.internal.shm.SharedBlock;
import io.multiprocess.tracker.ResourceTracker;
import java.io.Serial;
import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * A non-recursive lock shared between processes. Python's {@code multiprocessing.Lock}, and a
 * {@link java.util.concurrent.locks.Lock}.
 *
 * <pre>{@code
 * ProcessLock lock = ctx.lock();
 * ChildProcess child = ctx.process(l -> { l.lock(); try { ... } finally { l.unlock(); } }, lock);
 * }</pre>
 *
 * <p>As in Python, a thread that acquires the lock again without releasing it waits for itself (for
 * ever, or until its timeout), and any thread of any process may release a held lock; releasing a
 * free lock throws {@link LockNotHeldException}. See {@link AbstractProcessLock} for speed, timeouts,
 * interruption, how a holder's death is recovered, and the life cycle of the shared segment.
 */
public final class ProcessLock extends AbstractProcessLock {

    @Serial
    private static final long serialVersionUID = 1L;

    /** Bytes the lock takes in a shared block. */
    static final int BYTES = LockWord.BYTES;

    static final String KIND = "lock";

    /** The thread of this process that acquired the lock last, while held; plain: read for checks only. */
    private transient @Nullable Thread holder;

    /**
     * Creates a lock in a new shared-memory segment (registered with the resource tracker).
     *
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessLock() {
        this(SharedBlock.create(KIND, BYTES, ResourceTracker.segments()), 0);
        word.block().putView(new ViewKey(KIND, 0), this);
    }

    private ProcessLock(SharedBlock block, int offset) {
        super(new LockWord(block, offset));
    }

    /** The lock at {@code offset} of {@code block}, canonical per process. */
    static ProcessLock at(SharedBlock block, int offset) {
        return block.view(new ViewKey(KIND, offset), b -> new ProcessLock(b, offset));
    }

    @Override
    boolean acquireNanos(long nanos, boolean interruptible) throws InterruptedException {
        if (acquireWord(nanos, interruptible)) {
            holder = Thread.currentThread();
            return true;
        }
        return false;
    }

    /**
     * Releases the lock. Any thread of any process may release it, as in Python.
     *
     * @throws LockNotHeldException if the lock is free
     */
    @Override
    public void release() {
        holder = null;
        if (!releaseWord()) {
            throw new LockNotHeldException("Cannot release the process lock " + name() + ": it is not held (Python: "
                    + "\"released too many times\")");
        }
    }

    @Override
    public boolean isHeldByCurrentThread() {
        return holder == Thread.currentThread()
                && word.ownerPid() == ProcessHandle.current().pid();
    }

    @Override
    int releaseForWait(String operation) {
        if (!isHeldByCurrentThread()) {
            throw new LockNotHeldException(
                    "Cannot " + operation + " a condition without holding its lock " + name() + "; acquire it first");
        }
        release();
        return 1;
    }

    @Override
    void reacquireAfterWait(int holds) {
        acquireWordUninterruptibly();
        holder = Thread.currentThread();
    }

    @Serial
    private Object writeReplace() {
        return new Ticket(word.block().name(), word.block().type(), word.base());
    }

    /** How a lock travels: its block and offset. */
    private record Ticket(String block, String type, int offset) implements Serializable {
        @Serial
        private Object readResolve() {
            return ProcessLock.at(SharedBlock.attach(block, type), offset);
        }
    }
}
