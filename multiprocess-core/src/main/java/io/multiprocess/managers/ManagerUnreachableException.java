package io.multiprocess.managers;

import io.multiprocess.MultiprocessException;
import org.jspecify.annotations.Nullable;

/**
 * A manager's server cannot be reached: nothing listens at its address (it was never started, it shut
 * down, or it died), or it went away while a call waited for its answer. Python raises
 * {@code ConnectionRefusedError}, {@code EOFError} or {@code BrokenPipeError} in these cases.
 *
 * <p>A call that fails this way may or may not have run on the server: the answer was lost. Calls never
 * hang on a dead server: its process's sockets close when it dies, and waiting calls fail at once.
 */
public class ManagerUnreachableException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the address, what was attempted, and what to check
     * @param cause   the underlying failure, may be null
     */
    public ManagerUnreachableException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
