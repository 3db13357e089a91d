package io.multiprocess.synchronize;

/**
 * A bounded semaphore was released more times than it was acquired: its value would exceed its
 * initial value. Python's {@code ValueError("Semaphore released too many times")}.
 */
public class OverReleaseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the semaphore's value and bound
     */
    public OverReleaseException(String message) {
        super(message);
    }
}
