package io.multiprocess.pool;

import io.multiprocess.MultiprocessException;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * A task ran longer than its pool's task timeout: the worker running it was killed (a thread pool
 * interrupts the thread instead, since a thread cannot be killed) and replaced, and the task's result
 * fails with this exception while the pool keeps serving the other tasks.
 *
 * <p>Python's pools have no such limit; {@code concurrent.futures} only bounds the wait, not the task.
 */
public class TaskTimeoutException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;
    private final long workerPid;

    /**
     * Creates the exception.
     *
     * @param message   which task ran too long, where, and what was done about it
     * @param timeout   the limit the task exceeded
     * @param workerPid the pid of the worker that was killed, or 0 for a thread
     */
    public TaskTimeoutException(String message, Duration timeout, long workerPid) {
        super(message);
        this.timeout = timeout;
        this.workerPid = workerPid;
    }

    /**
     * The limit the task exceeded.
     *
     * @return the task timeout
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The pid of the worker process that was killed.
     *
     * @return the pid, or empty for a task of a thread pool
     */
    public OptionalLong workerPid() {
        return workerPid > 0 ? OptionalLong.of(workerPid) : OptionalLong.empty();
    }
}
