package io.multiprocess.synchronize;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.util.ProcessLogging;
import java.io.Serializable;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * What {@link ProcessLock} and {@link ReentrantProcessLock} share: a lock word in shared memory that
 * threads of every process holding this object (or a copy sent to it) contend for, with Python's
 * {@code acquire}/{@code release} and Java's {@link Lock} methods.
 *
 * <p><b>Speed.</b> An uncontended acquire is one compare-and-set on shared memory and a release one
 * atomic exchange: no system call. Waiting threads spin briefly, then sleep on a futex.
 *
 * <p><b>Timeouts and interruption.</b> Python-style {@code acquire(...)} calls are unchecked: an
 * interrupted wait throws {@link InterruptedOperationException} with the interrupt status set again.
 * The {@link Lock} methods behave as that interface says: {@link #lock()} ignores interruption (the
 * status is kept), {@link #lockInterruptibly()} and {@link #tryLock(long, TimeUnit)} throw
 * {@link InterruptedException}.
 *
 * <p><b>A holder that dies.</b> When the process holding the lock dies without releasing it (killed by
 * SIGKILL, say), the lock is <em>recovered</em>: a waiting thread notices within a few tens of
 * milliseconds that the holding process is gone, takes the lock over and returns normally, as from
 * any acquire. Because the dead holder may have left the data the lock guards half-updated, the take
 * over is logged as a warning and reported to the new holder by {@link #takenOverFrom()}, which
 * returns the dead process's pid until the lock is released. A pid reused by a new process in the
 * meantime hides the death (waiters then wait for their timeout).
 *
 * <p><b>Crossing processes.</b> A lock travels to children (as an argument or captured by a task) as
 * the name of its shared-memory segment, and is mapped again there; all copies in one process are the
 * same object. The segment is unlinked by the process that created it: when the creator no longer
 * references the lock, when the creator exits, or earlier by an explicit {@link #unlink()}; processes
 * that already have the lock keep working. If the creator's process tree dies, the resource tracker
 * unlinks it.
 *
 * <p><b>Python's {@code with lock:}</b> is {@code try (var held = lock.hold()) { ... }}: {@link #hold()}
 * acquires the lock and returns a {@link Held} whose {@code close()} releases it. The lock itself is
 * deliberately <em>not</em> {@link AutoCloseable}, so that {@code try (lock) { ... }} does not compile:
 * closing a shared lock would have to mean either releasing it (which {@link Lock} does not promise) or
 * removing it for every process that has not mapped it yet.
 */
public abstract sealed class AbstractProcessLock implements Lock, Serializable
        permits ProcessLock, ReentrantProcessLock {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = ProcessLogging.getLogger(AbstractProcessLock.class);

    /** The shared word. */
    final transient LockWord word;

    private transient volatile long takenOverFrom;

    AbstractProcessLock(LockWord word) {
        this.word = word;
    }

    // ---- Python's API

    /**
     * Acquires the lock, waiting as long as it takes. Python's {@code acquire()}.
     *
     * @return true
     * @throws InterruptedOperationException if the thread is interrupted while waiting (lock not held)
     */
    public boolean acquire() {
        return acquire(true, null);
    }

    /**
     * Acquires the lock, or with {@code blocking == false} only if it is free now. Python's
     * {@code acquire(block)}.
     *
     * @param blocking whether to wait
     * @return whether the lock was acquired
     * @throws InterruptedOperationException if the thread is interrupted while waiting (lock not held)
     */
    public boolean acquire(boolean blocking) {
        return acquire(blocking, null);
    }

    /**
     * Acquires the lock, waiting at most {@code timeout}. Python's {@code acquire(timeout=...)}.
     *
     * @param timeout how long to wait; zero or negative does not wait
     * @return whether the lock was acquired; false when the timeout passed
     * @throws InterruptedOperationException if the thread is interrupted while waiting (lock not held)
     */
    public boolean acquire(Duration timeout) {
        return acquire(true, timeout);
    }

    /**
     * Python's {@code acquire(block, timeout)}: with {@code blocking == false} the timeout is ignored.
     *
     * @param blocking whether to wait
     * @param timeout  how long to wait at most; null for ever
     * @return whether the lock was acquired
     * @throws InterruptedOperationException if the thread is interrupted while waiting (lock not held)
     */
    public boolean acquire(boolean blocking, @Nullable Duration timeout) {
        long nanos = !blocking ? 0 : timeout == null ? Long.MAX_VALUE : Math.max(0, saturatedNanos(timeout));
        try {
            return acquireNanos(nanos, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("the process lock " + name(), e);
        }
    }

    /**
     * Acquires the lock, waiting as long as it takes, and returns the hold that releases it: Python's
     * {@code with lock:} as {@code try (var held = lock.hold()) { ... }}.
     *
     * @return the hold; closing it releases the lock (once)
     * @throws InterruptedOperationException if the thread is interrupted while waiting (lock not held)
     */
    public Held hold() {
        acquire();
        return new Held(this::release, name());
    }

    /**
     * Releases the lock. Python's {@code release()}; see the subclasses for who may release.
     *
     * @throws io.multiprocess.synchronize.LockNotHeldException if the lock is not held (or, for a re-entrant lock, not
     *     held by the calling thread)
     */
    public abstract void release();

    // ---- java.util.concurrent.locks.Lock

    /**
     * Acquires the lock, waiting as long as it takes; interruption does not stop the wait (the
     * interrupt status is kept).
     */
    @Override
    public void lock() {
        boolean interrupted = false;
        while (true) {
            try {
                acquireNanos(Long.MAX_VALUE, false);
                break;
            } catch (InterruptedException cannotHappen) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Acquires the lock unless the thread is interrupted.
     *
     * @throws InterruptedException if interrupted before or while waiting (lock not held)
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("Interrupted before acquiring the process lock " + name());
        }
        acquireNanos(Long.MAX_VALUE, true);
    }

    /**
     * Acquires the lock only if it is free now.
     *
     * @return whether it was acquired
     */
    @Override
    public boolean tryLock() {
        try {
            return acquireNanos(0, false);
        } catch (InterruptedException cannotHappen) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Acquires the lock, waiting at most the given time.
     *
     * @param time how long to wait
     * @param unit its unit
     * @return whether it was acquired; false on timeout
     * @throws InterruptedException if interrupted before or while waiting (lock not held)
     */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("Interrupted before acquiring the process lock " + name());
        }
        return acquireNanos(Math.max(0, unit.toNanos(time)), true);
    }

    /**
     * Releases the lock: the same as {@link #release()}.
     *
     * @throws io.multiprocess.synchronize.LockNotHeldException as {@link #release()}
     */
    @Override
    public void unlock() {
        release();
    }

    /**
     * A new condition variable bound to this lock, usable across processes. Python's
     * {@code Condition(lock)}.
     *
     * @return the condition
     */
    @Override
    public ProcessCondition newCondition() {
        return new ProcessCondition(this);
    }

    // ---- state

    /**
     * Whether the calling thread holds the lock.
     *
     * @return true if this thread holds it
     */
    public abstract boolean isHeldByCurrentThread();

    /**
     * The pid of the process holding the lock.
     *
     * @return the holder's pid, or empty when the lock is free
     */
    public OptionalLong ownerPid() {
        int pid = word.ownerPid();
        return pid == 0 ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    /**
     * When the current hold began by taking the lock over from a process that died holding it: that
     * process's pid. The state the lock guards may be inconsistent then; repair it before releasing.
     * Cleared by the release.
     *
     * @return the dead holder's pid, or empty for a normal acquisition
     */
    public OptionalLong takenOverFrom() {
        long pid = takenOverFrom;
        return pid == 0 ? OptionalLong.empty() : OptionalLong.of(pid);
    }

    /**
     * The name of the shared-memory segment holding the lock word ({@code /dev/shm/<name>}).
     *
     * @return the name
     */
    public String name() {
        return word.block().name();
    }

    /**
     * Unlinks the lock's segment now if this process created it (elsewhere nothing happens). Every
     * process that already has the lock, this one included, goes on using it; sending it to a new
     * process fails afterwards. Unlinking twice does nothing. Rarely needed: the creator's exit, the
     * garbage collector and the resource tracker unlink it too. (Not {@code close()}: see the class
     * comment.)
     */
    public void unlink() {
        word.block().unlink();
    }

    // ---- for subclasses and conditions

    /** Takes the lock for the calling thread (re-entrant or not, as the subclass decides). */
    abstract boolean acquireNanos(long nanos, boolean interruptible) throws InterruptedException;

    /** Releases every hold of the calling thread before a condition wait; returns what to restore. */
    abstract int releaseForWait(String operation);

    /** Takes the lock back after a condition wait, uninterruptibly, restoring the holds. */
    abstract void reacquireAfterWait(int holds);

    /** Acquires the shared word and records a take-over. */
    final boolean acquireWord(long nanos, boolean interruptible) throws InterruptedException {
        int result = word.acquire(nanos, interruptible);
        if (result == LockWord.ACQUIRED) {
            return true;
        }
        if (result == LockWord.TIMED_OUT) {
            return false;
        }
        takenOverFrom = result;
        LOG.warn(
                "Process {} died holding the process lock {}; process {} took it over. The state the lock guards may "
                        + "be inconsistent (see takenOverFrom())",
                result,
                name(),
                ProcessHandle.current().pid());
        return true;
    }

    /** Releases the shared word; false if it was free. */
    final boolean releaseWord() {
        if (takenOverFrom != 0) {
            takenOverFrom = 0;
        }
        return word.release() != 0;
    }

    /** Uninterruptible infinite acquisition of the word. */
    final void acquireWordUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                acquireWord(Long.MAX_VALUE, false);
                break;
            } catch (InterruptedException cannotHappen) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        OptionalLong owner = ownerPid();
        return getClass().getSimpleName() + "[" + name()
                + (owner.isPresent() ? ", held by pid " + owner.getAsLong() : ", free") + "]";
    }
}
