package io.multiprocess.pool;

/**
 * A snapshot of a pool's state, for monitoring (health checks, gauges). Python's pool has no such view.
 * The figures are read under the pool's lock, so that they are consistent with each other; they may be
 * out of date by the time they are read.
 *
 * @param state        where the pool is in its life cycle
 * @param processes    how many workers the pool keeps (Python's {@code processes})
 * @param liveWorkers  workers that were launched and have not ended yet (starting ones included)
 * @param readyWorkers workers that are connected and take tasks
 * @param queuedTasks  tasks waiting for a worker
 * @param runningTasks tasks handed to a worker (running, or queued at the worker) and not finished
 */
public record PoolStats(
        State state, int processes, int liveWorkers, int readyWorkers, int queuedTasks, int runningTasks) {

    /** A pool's life cycle, as Python's pool states {@code RUN}, {@code CLOSE}, {@code TERMINATE}. */
    public enum State {
        /** Accepting tasks. */
        RUNNING,
        /** {@link Pool#shutdown()} was called: finishing the submitted work, accepting nothing new. */
        SHUT_DOWN,
        /** {@link Pool#terminate()} was called (or the workers are gone): nothing runs any more. */
        TERMINATED,
        /** The workers failed to start repeatedly and the pool gave up; submissions fail. */
        BROKEN
    }
}
