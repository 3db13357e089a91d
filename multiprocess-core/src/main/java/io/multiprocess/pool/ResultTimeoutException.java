package io.multiprocess.pool;

import io.multiprocess.MultiprocessException;
import java.time.Duration;

/**
 * A result was not ready within the time the caller was willing to wait: {@code AsyncResult.result(timeout)}
 * or an imap iterator's {@code next(timeout)}. Python's {@code multiprocessing.TimeoutError}.
 *
 * <p>Only the wait ended: the task goes on, and its result can be waited for again.
 */
public class ResultTimeoutException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    private final Duration waited;

    /**
     * Creates the exception.
     *
     * @param message what was waited for
     * @param waited  how long the caller waited
     */
    public ResultTimeoutException(String message, Duration waited) {
        super(message);
        this.waited = waited;
    }

    /**
     * How long the caller waited.
     *
     * @return the timeout that passed
     */
    public Duration waited() {
        return waited;
    }
}
