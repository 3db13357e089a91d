package io.multiprocess.managers;

import java.time.Duration;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;

/**
 * A proxy of a pool's pending result, served by a {@link SyncManager} (from {@link PoolProxy}'s
 * {@code ...Async} methods). Python's {@code AsyncResult} proxy; see {@link io.multiprocess.pool.AsyncResult}
 * for the meaning of each method, which runs on the served result.
 *
 * @param <T> the result type
 */
public interface AsyncResultProxy<T extends @Nullable Object> extends Future<T>, BaseProxy {

    /**
     * Waits for the result. Python's {@code get()}.
     *
     * @return the result
     * @throws io.multiprocess.pool.TaskFailedException if the task failed
     */
    T result();

    /**
     * Waits at most {@code timeout} for the result. Python's {@code get(timeout)}.
     *
     * @param timeout how long to wait
     * @return the result
     * @throws io.multiprocess.pool.ResultTimeoutException if it is not ready in time
     */
    T result(Duration timeout);

    /**
     * Whether the result is ready. Python's {@code ready()}.
     *
     * @return true when done
     */
    boolean isReady();

    /**
     * Whether the task succeeded. Python's {@code successful()}.
     *
     * @return true for a result, false for a failure
     * @throws io.multiprocess.ProcessStateException if not ready
     */
    boolean isSuccessful();

    /**
     * Waits until ready, at most {@code timeout}. Python's {@code wait(timeout)}.
     *
     * @param timeout how long
     * @return whether ready
     */
    boolean await(Duration timeout);
}
