package io.multiprocess.synchronize;

import io.multiprocess.MultiprocessException;

/**
 * A barrier is broken, or broke while the caller waited: another party timed out, the barrier was
 * aborted or reset, or its action threw. Python's {@code threading.BrokenBarrierError}. Unchecked,
 * unlike the JDK's {@code java.util.concurrent.BrokenBarrierException}.
 */
public class BarrierBrokenException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what broke the barrier, as far as the caller can tell
     */
    public BarrierBrokenException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause (the action's failure, say).
     *
     * @param message what broke the barrier
     * @param cause   the underlying failure
     */
    public BarrierBrokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
