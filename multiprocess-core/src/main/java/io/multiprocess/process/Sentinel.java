package io.multiprocess.process;

import io.multiprocess.InterruptedOperationException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Something that becomes ready once and stays ready: a process sentinel is ready when the process has
 * ended. Python's {@code Process.sentinel}, a handle to wait on, alone or together with connections.
 */
public interface Sentinel {

    /**
     * Whether the sentinel is ready now.
     *
     * @return true once ready
     */
    boolean isReady();

    /**
     * A future that completes when the sentinel becomes ready (at once if it is).
     *
     * @return the future; completing it does not make the sentinel ready
     */
    CompletableFuture<Void> onReady();

    /**
     * Waits until the sentinel is ready or the timeout passes.
     *
     * @param timeout how long to wait at most; zero or negative polls
     * @return true if ready
     * @throws InterruptedOperationException if the thread is interrupted while waiting (its interrupt
     *     status is set again)
     */
    default boolean await(Duration timeout) {
        try {
            onReady().get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("a sentinel", e);
        } catch (ExecutionException e) {
            return true;
        }
    }
}
