package io.multiprocess.pool;

/**
 * Where the tasks of a {@link RemotePool} run: the back end of a pool whose workers are not processes
 * this library starts, such as the members of a cluster (the package {@code io.multiprocess.hazelcast}
 * provides one, with Hazelcast on the class path). The pool does everything else: Python's API, chunking,
 * serialization in the caller's thread, results, callbacks, imap with backpressure, the task timeout,
 * shutdown and terminate.
 *
 * <p>A runner receives {@link RemoteTask}s, ships each one's {@link RemoteTask#request() request
 * bytes} to a worker, which computes the response with {@link RemoteTask#execute(byte[],
 * io.multiprocess.serialization.Serializer)}, and reports the outcome with exactly one call of
 * {@link RemoteTask#completed(byte[])} or {@link RemoteTask#failed(RuntimeException)}. The pool never
 * hands a runner more than {@link Pool#processes()} tasks at a time.
 *
 * <p>A runner must report every task it accepted, in bounded time: when the worker running a task dies
 * it fails the task with an {@link io.multiprocess.pool.WorkerLostException} (or runs it again elsewhere, if it
 * documents that it does); it must never leave a task unreported, or the caller waits (up to its own
 * timeout). Reports made after the task was cancelled, timed out or terminated are ignored.
 */
public interface TaskRunner {

    /**
     * Starts a task: sends it to a worker and returns without waiting for it. Called on the pool's
     * threads (the submitting thread, or the thread that reported the previous task), never with a lock
     * of the pool held. It may report the outcome before it returns (a task it could not send at all).
     *
     * @param task the task
     * @return how to stop it
     */
    RunningTask start(RemoteTask task);

    /**
     * Called once, when the pool has terminated (after {@link Pool#terminate()}, or after
     * {@link Pool#shutdown()} once the work was done): release what the runner holds for this pool. Must
     * not block for long. The default does nothing.
     */
    default void close() {}

    /**
     * How many workers can take tasks now, for {@link Pool#stats()} (health checks): the data members of
     * a cluster, say. Must be quick and must not block. The default, -1, means unknown.
     *
     * @return the number of workers, or -1 if unknown
     */
    default int workers() {
        return -1;
    }

    /**
     * A short description of where the tasks run, for the pool's {@code toString()}.
     *
     * @return the description; the default is the runner's class name
     */
    default String describe() {
        return getClass().getSimpleName();
    }

    /** A task a runner started. */
    @FunctionalInterface
    interface RunningTask {

        /**
         * Stops the task, which the pool has already reported as cancelled or timed out: drop it if it has
         * not started, interrupt its thread if it runs (a worker that ignores the interruption runs on; its
         * outcome is dropped). Must not block for long; called at most once.
         */
        void cancel();
    }
}
