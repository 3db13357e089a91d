package io.multiprocess.pool;

import org.jspecify.annotations.Nullable;

/**
 * Where a task's outcomes go: an {@link AsyncResult}, a part of a map, a run of an imap. Internal.
 *
 * <p>Called by the pool's threads (a worker's reader, or a thread of a thread pool), outside the
 * engine's lock; each task reaches its sink at most once, through one of the two methods.
 */
interface TaskSink {

    /**
     * The task ran: one outcome per item, the value or a {@link Failure}.
     *
     * @param task      the task
     * @param outcomes  the outcomes, in item order
     * @param workerPid the pid of the worker that ran it, 0 for a thread
     */
    void completed(Task task, @Nullable Object[] outcomes, long workerPid);

    /**
     * The task as a whole did not run to the end: its worker died, it timed out, the pool was
     * terminated, or its result could not be read.
     *
     * @param task   the task
     * @param reason the library's exception saying so (not a task's own exception)
     */
    void failed(Task task, Throwable reason);

    /**
     * The name of the job for messages: "apply", "map", "imap"...
     *
     * @return the job's name
     */
    String jobName();

    /**
     * The id of the map-like call this sink gathers, as told to the pool's listener, or 0 for a single call.
     *
     * @return the call's id, or 0
     */
    default long callId() {
        return 0;
    }
}
