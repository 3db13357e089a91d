package io.multiprocess.pool;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How a pool task ran, told to its {@link TaskContext}: enough for a tracer to record the worker's span
 * after the fact, with the right times, in the parent.
 *
 * <p>The times are the worker's: {@code runTime} is what the worker measured around the task's function
 * (it comes back with the result); {@code end} is when the result reached the pool, which trails the
 * worker's own end by the result's transfer (microseconds over the pool's socket, more for a large
 * result). {@code start} is {@code end - runTime}.
 *
 * @param workerPid the pid of the process that ran it (this JVM's for a thread pool), or -1 if it never
 *                  ran or its worker is not known (it died, the pool was terminated, it was cancelled)
 * @param end       when it ended, or when it was settled without having run
 * @param runTime   how long its function ran; zero if it never ran or the time is not known
 * @param error     why it failed as a whole (lost worker, timeout, termination, cancellation), or the
 *                  first exception one of its items threw; null if every item produced a value
 */
public record TaskRun(
        long workerPid,
        Instant end,
        Duration runTime,
        @Nullable Throwable error) {

    /**
     * When the task's function started in its worker: {@code end - runTime}.
     *
     * @return the start
     */
    public Instant start() {
        return end.minus(runTime);
    }

    /**
     * Whether it ran in a worker (its worker and run time are known).
     *
     * @return true if it ran
     */
    public boolean ran() {
        return workerPid >= 0;
    }
}
