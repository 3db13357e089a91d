package io.multiprocess.pool;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * Observes what a pool does, for metrics: tasks submitted and finished (with how long they ran and how
 * they ended) and worker processes started and ended. Python's pool has no such hook; register one with
 * {@link PoolBuilder#listener(PoolListener)}.
 *
 * <p>A task is what Python's pool calls one: an {@code apply}/{@code submit} call, or one chunk of a
 * {@code map}/{@code imap}. The pool calls its listener on its own threads (the caller's for
 * submissions, a worker's reader for results, the pool's maintenance thread for workers), sometimes
 * while it holds its lock: a listener must be quick (update a counter) and must not call the pool. An
 * exception thrown by a listener is logged and otherwise ignored. Tasks cancelled before they ran are
 * not reported as finished.
 */
public interface PoolListener {

    /** A listener that does nothing. */
    PoolListener NONE = new PoolListener() {};

    /** How a task ended. */
    enum Outcome {
        /** It ran and every item produced a value. */
        COMPLETED,
        /** It ran and threw (for a chunk: at least one item threw). */
        FAILED,
        /** Its worker died while running it ({@link io.multiprocess.pool.WorkerLostException}), or its result could not be read. */
        WORKER_LOST,
        /** It ran over the task timeout ({@link io.multiprocess.pool.TaskTimeoutException}). */
        TIMED_OUT,
        /** The pool was terminated (or broke down) before it finished. */
        TERMINATED
    }

    /**
     * Tasks were queued for the workers.
     *
     * @param count how many tasks (a map of 100 items in chunks of 10 is 10 tasks)
     */
    default void tasksSubmitted(int count) {}

    /**
     * A task ended.
     *
     * @param outcome how it ended
     * @param runTime how long it ran in its worker; zero when it never ran or the time is not known
     *                (a worker that died, a terminated pool)
     */
    default void taskFinished(Outcome outcome, Duration runTime) {}

    /**
     * A worker process was launched.
     *
     * @param pid         its pid
     * @param replacement false for the pool's first workers; true for a worker that replaces one that
     *                    died, timed out or reached {@code maxTasksPerChild}
     */
    default void workerStarted(long pid, boolean replacement) {}

    /**
     * A worker process ended.
     *
     * @param pid      its pid
     * @param exitCode its exit code as {@link io.multiprocess.process.BaseProcess#exitCode()} defines it,
     *                 or empty if not known
     */
    default void workerExited(long pid, OptionalInt exitCode) {}
}
