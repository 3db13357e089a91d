package io.multiprocess.synchronize;

/**
 * The calling thread does not hold the lock an operation needs: releasing a re-entrant lock that
 * another thread (or process) holds, releasing a lock that is free, or waiting on or notifying a
 * condition without holding its lock. Python raises {@code AssertionError}, {@code RuntimeError} or
 * {@code ValueError} for these; Java's locks throw {@link IllegalMonitorStateException}, which this
 * exception is, so code written for {@code java.util.concurrent.locks} catches it as usual.
 */
public class LockNotHeldException extends IllegalMonitorStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the operation, the lock's state and what to do instead
     */
    public LockNotHeldException(String message) {
        super(message);
    }
}
