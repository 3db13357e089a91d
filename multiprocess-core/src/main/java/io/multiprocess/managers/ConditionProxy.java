package io.multiprocess.managers;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A proxy of a condition served by a {@link SyncManager}: a {@link Condition} plus the acquire and
 * release of its lock. Python's {@code manager.Condition()}; Python's {@code wait}, {@code notify(n)} and
 * {@code notify_all} are {@code await}, {@link #signal(int)} and {@code signalAll} ({@code Object}'s
 * {@code wait} and {@code notify} are final).
 *
 * <p>The waits happen in the server; the lock must be held by the calling thread, as with any
 * {@link Condition}, else {@link io.multiprocess.synchronize.LockNotHeldException}.
 */
public interface ConditionProxy extends AcquirerProxy, Condition {

    /**
     * Waits until signalled or the timeout passes, releasing the lock meanwhile. Python's {@code wait(timeout)}.
     *
     * @param timeout how long to wait
     * @return false if the timeout passed first
     * @throws InterruptedException if interrupted
     */
    boolean await(Duration timeout) throws InterruptedException;

    /**
     * Wakes up to {@code n} waiters. Python's {@code notify(n)}.
     *
     * @param n how many
     */
    void signal(int n);

    /**
     * Acquires the lock, as {@link #acquire()}.
     */
    void lock();

    /**
     * Releases the lock, as {@link #release()}.
     */
    void unlock();

    /**
     * Waits until {@code predicate} holds, checking it in this process after each wake-up. Python's
     * {@code wait_for(predicate)}. Hold the lock.
     *
     * @param predicate the condition, evaluated here
     * @return true
     * @throws io.multiprocess.InterruptedOperationException if interrupted
     */
    default boolean waitFor(BooleanSupplier predicate) {
        return waitFor(predicate, null);
    }

    /**
     * Waits until {@code predicate} holds or the timeout passes. Python's {@code wait_for(predicate, timeout)}.
     *
     * @param predicate the condition, evaluated here
     * @param timeout   how long to wait at most; null for ever
     * @return the predicate's last value
     * @throws io.multiprocess.InterruptedOperationException if interrupted
     */
    default boolean waitFor(BooleanSupplier predicate, @Nullable Duration timeout) {
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        boolean result = predicate.getAsBoolean();
        try {
            while (!result) {
                if (timeout == null) {
                    await();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    await(Duration.ofNanos(left));
                }
                result = predicate.getAsBoolean();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.multiprocess.InterruptedOperationException("a served condition", e);
        }
        return result;
    }
}
