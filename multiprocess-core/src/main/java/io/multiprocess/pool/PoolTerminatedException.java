package io.multiprocess.pool;

import io.multiprocess.MultiprocessException;
import org.jspecify.annotations.Nullable;

/**
 * A task could not finish because its pool was terminated ({@code terminate()}, or {@code close()}
 * at the end of a try-with-resources block) or broke down (its workers could not be started) first.
 *
 * <p>Python's {@code Pool.terminate()} leaves such results waiting forever; here every result that was
 * still pending fails with this exception, so no caller hangs.
 */
public class PoolTerminatedException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which task, and why the pool stopped
     * @param cause   why the pool broke down, or null when it was terminated on request
     */
    public PoolTerminatedException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
