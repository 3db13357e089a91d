package io.multiprocess.managers;

import io.multiprocess.MultiprocessException;
import java.time.Duration;

/**
 * A call to a manager's server did not get its answer within the manager's call timeout
 * ({@code BaseManager.withCallTimeout}). Python's managers have no such timeout.
 *
 * <p>The call may still be running on the server, and its outcome is unknown: the connection it used
 * is closed (its answer would arrive out of step), so the server drops the answer, and a lock the call
 * was waiting for is not taken. The next call opens a new connection.
 */
public class ManagerCallTimeoutException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * Creates the exception.
     *
     * @param message the call and the server's address
     * @param timeout the timeout that passed
     */
    public ManagerCallTimeoutException(String message, Duration timeout) {
        super(message);
        this.timeout = timeout;
    }

    /**
     * The call timeout that passed.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }
}
