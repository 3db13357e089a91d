package io.multiprocess.pool;

import io.multiprocess.MultiprocessException;
import java.util.OptionalLong;

/**
 * A task raised an exception in a pool worker. The worker's exception is the {@linkplain #getCause()
 * cause}, with its own type, message, stack trace (the frames in the worker) and cause chain; an
 * exception that could not be serialized arrives as a
 * {@link io.multiprocess.serialization.SerializedThrowable} that keeps all of that as text.
 *
 * <p>Python's pool re-raises the task's exception in the caller with a {@code RemoteTraceback} as its
 * {@code __cause__}. Java keeps the caller's stack trace on this exception and the worker's on the
 * cause. Thrown by the Python-style methods ({@code apply}, {@code map}, {@code AsyncResult.result()},
 * imap iterators); {@code Future.get} throws an {@link java.util.concurrent.ExecutionException} with
 * the worker's exception as its cause instead, and error callbacks receive the worker's exception itself.
 */
public class TaskFailedException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    private final long workerPid;

    /**
     * Creates the exception.
     *
     * @param message   which task failed and where
     * @param workerPid the pid of the worker that ran the task, or 0 when it ran in this JVM (a thread
     *                  pool) or never reached a worker
     * @param cause     the task's own exception
     */
    public TaskFailedException(String message, long workerPid, Throwable cause) {
        super(message, cause);
        this.workerPid = workerPid;
    }

    /**
     * The pid of the worker process that ran the task.
     *
     * @return the pid, or empty when the task ran on a thread of this JVM or failed before it reached a worker
     */
    public OptionalLong workerPid() {
        return workerPid > 0 ? OptionalLong.of(workerPid) : OptionalLong.empty();
    }
}
