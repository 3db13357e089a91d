package io.multiprocess;

/**
 * The peer of a connection did not prove that it holds the same authentication key, or did not speak
 * the handshake at all. Python's {@code multiprocessing.AuthenticationError}. The connection is closed;
 * a listener that raised it keeps accepting others.
 */
public class AuthenticationException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, and what to check (the keys on both sides)
     */
    public AuthenticationException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what failed
     * @param cause   the underlying failure (a timeout, a broken connection)
     */
    public AuthenticationException(String message, Throwable cause) {
        super(message, cause);
    }
}
