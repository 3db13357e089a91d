package io.multiprocess.pool;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

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

    /**
     * A task ended, told with where it ran and which call it belongs to, for timelines and progress (a
     * dashboard's task stream). Called right after {@link #taskFinished}, on the same thread.
     *
     * @param task what ran, where, how long and how it ended
     */
    default void taskEnded(TaskEnd task) {}

    /**
     * A task started running in a worker process (it may have been sent earlier and waited at the worker
     * behind another): for timelines that show what runs now. Called with the pool's lock held; not
     * called by thread pools.
     *
     * @param taskId    the task's id, as {@link TaskEnd#taskId()} gives it when it ends
     * @param callId    the id of the map-like call it is a chunk of, or 0
     * @param workerPid the worker's pid
     */
    default void taskStarted(long taskId, long callId, long workerPid) {}

    /**
     * A call that maps a function over many items was submitted ({@code map}, {@code starmap} and their
     * async forms, {@code imap}, {@code imap_unordered}); its tasks carry its id in {@link TaskEnd#callId()}.
     * For an {@code imap}, whose input is read as it goes, it is called a second time with the number of
     * items once the input has ended.
     *
     * @param callId the call's id, unique in the pool, never 0
     * @param name   the call: {@code map}, {@code starmap}, {@code imap}...
     * @param items  how many items it maps, or -1 while that is not known
     */
    default void mapSubmitted(long callId, String name, long items) {}

    /**
     * A worker process ended, with what an operator asks first after a crash: its exit code and the last
     * lines it wrote to its standard error (which still reach the parent's standard error as before).
     * Called right after {@link #workerExited}, on the same thread.
     *
     * @param exit the worker's end
     */
    default void workerEnded(WorkerExit exit) {}

    /**
     * One task's end.
     *
     * @param taskId    the task's id in its pool
     * @param callId    the id of the map-like call the task is a chunk of ({@link #mapSubmitted}), or 0 for a
     *                  single call ({@code apply}, {@code submit})
     * @param workerPid the pid of the worker that ran it; 0 when it ran on a thread or never reached a worker
     * @param items     how many items the task holds (1 for a single call)
     * @param outcome   how it ended
     * @param runTime   how long it ran in its worker (until its end was noticed, for a worker that died or
     *                  a timeout); zero when it never started
     */
    record TaskEnd(long taskId, long callId, long workerPid, int items, Outcome outcome, Duration runTime) {}

    /**
     * A worker process's end.
     *
     * @param pid          its pid
     * @param name         its process name ({@code SpawnPoolWorker-3}...)
     * @param exitCode     its exit code as {@link io.multiprocess.process.BaseProcess#exitCode()} defines it
     *                     (negative: the signal that ended it), or null if not known
     * @param poolRunning  whether the pool was still running (not shut down, not terminated): an exit then
     *                     was not asked for by the application
     * @param stderrTail   the last lines the worker wrote to its standard error through {@code System.err}
     *                     (at most {@link #STDERR_TAIL_LINES}), oldest first; empty if it wrote none
     */
    record WorkerExit(long pid, String name, @Nullable Integer exitCode, boolean poolRunning, List<String> stderrTail) {

        /** How many lines of a worker's standard error {@link #stderrTail()} keeps at most. */
        public static final int STDERR_TAIL_LINES = 20;

        /**
         * A worker's end; the tail is copied.
         *
         * @param pid         its pid
         * @param name        its process name
         * @param exitCode    its exit code, or null if not known
         * @param poolRunning whether the pool was still running
         * @param stderrTail  the last lines of its standard error
         */
        public WorkerExit {
            stderrTail = List.copyOf(stderrTail);
        }

        /**
         * The signal that ended the worker, if a signal did.
         *
         * @return the signal's number (9 for {@code SIGKILL}), or empty
         */
        public OptionalInt signal() {
            return exitCode != null && exitCode < 0 ? OptionalInt.of(-exitCode) : OptionalInt.empty();
        }
    }
}
