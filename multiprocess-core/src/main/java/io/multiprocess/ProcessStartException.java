package io.multiprocess;

import org.jspecify.annotations.Nullable;

/**
 * A child process could not be started: the Java executable is missing or not executable, the
 * operating system refused to create the process, or the child could not be handed its task.
 *
 * <p>No child is left behind when this is thrown: a child that was created but could not be
 * bootstrapped is killed and reaped first.
 */
public class ProcessStartException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what could not be started and what to check
     * @param cause   the underlying failure, may be null
     */
    public ProcessStartException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
