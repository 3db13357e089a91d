package io.multiprocess.synchronize;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.internal.shm.SharedBlock;
import io.multiprocess.tracker.ResourceTracker;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A condition variable shared between processes. Python's {@code multiprocessing.Condition}, and a
 * {@link Condition}.
 *
 * <table>
 *   <caption>Python's names and these</caption>
 *   <tr><th>Python</th><th>Java</th></tr>
 *   <tr><td>{@code wait()}, {@code wait(timeout)}</td><td>{@link #await()}, {@link #await(Duration)}
 *       (and the other {@code await...} methods of {@link Condition})</td></tr>
 *   <tr><td>{@code wait_for(predicate, timeout)}</td><td>{@link #waitFor(BooleanSupplier, Duration)}</td></tr>
 *   <tr><td>{@code notify(n)}</td><td>{@link #signal(int)}</td></tr>
 *   <tr><td>{@code notify_all()}</td><td>{@link #signalAll()}</td></tr>
 *   <tr><td>{@code with cond:}</td><td>{@code try (var held = cond.hold()) { ... }} ({@link #hold()})</td></tr>
 *   <tr><td>{@code acquire()}, {@code release()}</td><td>{@link #getLock()}</td></tr>
 * </table>
 * ({@code wait()} and {@code notify()} are final methods of {@link Object} in Java, hence the JDK's names.)
 *
 * <p>Every method needs the calling thread to hold the condition's lock, and throws
 * {@link LockNotHeldException} otherwise. {@code signal(n)} wakes at most n threads that were waiting
 * when it was called, in any process. Waits may also end spuriously, as the JDK's do: wait in a loop
 * or use {@link #waitFor}. A wait always takes the lock back before it returns, even when it times out
 * or is interrupted; with a re-entrant lock, all the thread's holds are released during the wait and
 * restored after.
 *
 * <p>A process that dies while waiting leaves a registration behind, which may later let one wait
 * end spuriously; a process that dies holding the lock is handled by the lock (see
 * {@link AbstractProcessLock}).
 *
 * <p>The condition is not {@link AutoCloseable} (so {@code try (condition)} does not compile);
 * {@link #unlink()} removes its segment's name explicitly.
 */
public final class ProcessCondition implements Condition, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String KIND = "condition";
    private static final int WORD = 16;
    private static final int BYTES = WORD + ConditionWord.BYTES;

    private final transient SharedBlock block;
    private final transient ConditionWord word;
    private final transient AbstractProcessLock lock;
    private final transient boolean ownLock;

    /**
     * A condition with a new re-entrant lock of its own (Python's default).
     *
     * @throws io.multiprocess.MultiprocessException if the shared segment cannot be created
     */
    public ProcessCondition() {
        this(null);
    }

    /**
     * A condition bound to {@code lock}, or to a new re-entrant lock when null. Python's
     * {@code Condition(lock)}.
     *
     * @param lock the lock, a {@link ProcessLock} or {@link ReentrantProcessLock}; null for a new one
     * @throws io.multiprocess.MultiprocessException if the shared segment cannot be created
     */
    public ProcessCondition(@Nullable AbstractProcessLock lock) {
        this.block = SharedBlock.create(KIND, BYTES, ResourceTracker.segments());
        this.ownLock = lock == null;
        this.lock = lock != null ? lock : ReentrantProcessLock.at(block, 0);
        this.word = new ConditionWord(block, WORD);
        block.putView(new ViewKey(KIND, WORD), this);
    }

    private ProcessCondition(SharedBlock block, @Nullable AbstractProcessLock lock) {
        this.block = block;
        this.ownLock = lock == null;
        this.lock = lock != null ? lock : ReentrantProcessLock.at(block, 0);
        this.word = new ConditionWord(block, WORD);
    }

    /**
     * The lock the condition is bound to: acquire it before waiting or signalling.
     *
     * @return the lock
     */
    public AbstractProcessLock getLock() {
        return lock;
    }

    /**
     * Acquires the condition's lock and returns the hold that releases it: Python's {@code with cond:}
     * as {@code try (var held = cond.hold()) { ... cond.await(); ... }}.
     *
     * @return the hold; closing it releases the lock (once)
     * @throws InterruptedOperationException if interrupted while waiting for the lock (not held)
     */
    public Held hold() {
        return lock.hold();
    }

    // ---- waiting

    /**
     * Waits until signalled (or spuriously woken).
     *
     * @throws InterruptedException if interrupted before a signal (the lock is held again)
     * @throws LockNotHeldException if the calling thread does not hold the lock
     */
    @Override
    public void await() throws InterruptedException {
        awaitCore(Long.MAX_VALUE, true);
    }

    /**
     * Waits until signalled, ignoring interruption (the interrupt status is kept).
     *
     * @throws LockNotHeldException if the calling thread does not hold the lock
     */
    @Override
    public void awaitUninterruptibly() {
        try {
            awaitCore(Long.MAX_VALUE, false);
        } catch (InterruptedException cannotHappen) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until signalled or the time passes.
     *
     * @param nanosTimeout the longest wait
     * @return an estimate of the time left: positive if signalled, zero or negative on timeout
     * @throws InterruptedException if interrupted before a signal (the lock is held again)
     * @throws LockNotHeldException if the calling thread does not hold the lock
     */
    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long start = System.nanoTime();
        boolean signalled = awaitCore(Math.max(0, nanosTimeout), true);
        long left = nanosTimeout - (System.nanoTime() - start);
        return signalled ? Math.max(1, left) : Math.min(0, left);
    }

    /**
     * Waits until signalled or the time passes.
     *
     * @param time the longest wait
     * @param unit its unit
     * @return true if signalled, false on timeout
     * @throws InterruptedException if interrupted before a signal (the lock is held again)
     * @throws LockNotHeldException if the calling thread does not hold the lock
     */
    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return awaitCore(Math.max(0, unit.toNanos(time)), true);
    }

    /**
     * Waits until signalled or the time passes. Python's {@code wait(timeout)} (which returns False on
     * timeout).
     *
     * @param timeout the longest wait
     * @return true if signalled, false on timeout
     * @throws InterruptedException if interrupted before a signal (the lock is held again)
     * @throws LockNotHeldException if the calling thread does not hold the lock
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return awaitCore(Math.max(0, AbstractProcessLock.saturatedNanos(timeout)), true);
    }

    /**
     * Waits until signalled or the deadline passes.
     *
     * @param deadline the wall-clock deadline
     * @return true if signalled, false if the deadline passed
     * @throws InterruptedException if interrupted before a signal (the lock is held again)
     * @throws LockNotHeldException if the calling thread does not hold the lock
     */
    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        return awaitCore(
                Math.max(0, TimeUnit.MILLISECONDS.toNanos(deadline.getTime() - System.currentTimeMillis())), true);
    }

    /**
     * Waits until {@code predicate} holds, re-checking it after each signal. Python's
     * {@code wait_for(predicate)}.
     *
     * @param predicate evaluated with the lock held
     * @return true (the predicate's last value)
     * @throws InterruptedOperationException if interrupted (the lock is held again)
     * @throws LockNotHeldException if the calling thread does not hold the lock
     */
    public boolean waitFor(BooleanSupplier predicate) {
        return waitFor(predicate, null);
    }

    /**
     * Waits until {@code predicate} holds or the timeout passes, re-checking it after each signal.
     * Python's {@code wait_for(predicate, timeout)}.
     *
     * @param predicate evaluated with the lock held
     * @param timeout   the longest wait in all; null for ever
     * @return the predicate's last value: false when the timeout passed first
     * @throws InterruptedOperationException if interrupted (the lock is held again)
     * @throws LockNotHeldException if the calling thread does not hold the lock
     */
    public boolean waitFor(BooleanSupplier predicate, @Nullable Duration timeout) {
        Objects.requireNonNull(predicate, "predicate");
        checkHeld("wait on");
        long deadline = timeout == null
                ? Long.MAX_VALUE
                : System.nanoTime() + Math.max(0, AbstractProcessLock.saturatedNanos(timeout));
        boolean result = predicate.getAsBoolean();
        while (!result) {
            long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                awaitCore(left, true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedOperationException("a process condition", e);
            }
            result = predicate.getAsBoolean();
        }
        return result;
    }

    private boolean awaitCore(long nanos, boolean interruptible) throws InterruptedException {
        if (interruptible && Thread.interrupted()) {
            checkHeld("wait on");
            throw new InterruptedException("Interrupted before waiting on a process condition");
        }
        checkHeld("wait on");
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        word.register();
        int holds = lock.releaseForWait("wait on");
        try {
            return word.awaitToken(deadline, interruptible);
        } finally {
            lock.reacquireAfterWait(holds);
        }
    }

    // ---- signalling

    /**
     * Wakes one waiting thread, if any. Python's {@code notify()}.
     *
     * @throws LockNotHeldException if the calling thread does not hold the lock
     */
    @Override
    public void signal() {
        signal(1);
    }

    /**
     * Wakes at most {@code n} waiting threads. Python's {@code notify(n)}.
     *
     * @param n how many to wake at most; zero or negative wakes none
     * @throws LockNotHeldException if the calling thread does not hold the lock
     */
    public void signal(int n) {
        checkHeld("notify");
        if (n > 0) {
            word.notify(n);
        }
    }

    /**
     * Wakes every waiting thread. Python's {@code notify_all()}.
     *
     * @throws LockNotHeldException if the calling thread does not hold the lock
     */
    @Override
    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    /**
     * How many threads, in all processes, wait and were not signalled yet (a snapshot).
     *
     * @return the number of waiting threads
     */
    public int waitingCount() {
        return word.waiting();
    }

    private void checkHeld(String operation) {
        if (!lock.isHeldByCurrentThread()) {
            throw new LockNotHeldException("Cannot " + operation + " the process condition " + block.name()
                    + " without holding its lock " + lock.name() + "; acquire the lock first (Python: \"cannot "
                    + operation
                    + " un-acquired lock\")");
        }
    }

    /**
     * The name of the condition's shared-memory segment.
     *
     * @return the name
     */
    public String name() {
        return block.name();
    }

    /**
     * Unlinks the condition's segment now if this process created it (see
     * {@link AbstractProcessLock#unlink()}); a lock given at creation is not unlinked.
     */
    public void unlink() {
        block.unlink();
    }

    @Override
    public String toString() {
        return "ProcessCondition[" + block.name() + ", lock=" + lock + ", waiting=" + waitingCount() + "]";
    }

    @Serial
    private Object writeReplace() {
        return new Ticket(block.name(), ownLock ? null : lock);
    }

    /** How a condition travels: its block, and the lock it was given (null: its own). */
    private record Ticket(String block, @Nullable AbstractProcessLock lock) implements Serializable {
        @Serial
        private Object readResolve() {
            SharedBlock shared = SharedBlock.attach(block, KIND);
            return shared.view(new ViewKey(KIND, WORD), b -> new ProcessCondition(b, lock));
        }
    }
}
