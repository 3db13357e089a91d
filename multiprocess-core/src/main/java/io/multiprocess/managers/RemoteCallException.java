package io.multiprocess.managers;

import io.multiprocess.MultiprocessException;

/**
 * A manager's server could not carry out a call made through a proxy or a manager: the method is not
 * exposed, the object was released, the type id is not registered, the arguments or the result could
 * not be serialized on the server's side. Python's {@code multiprocessing.managers.RemoteError} (and the
 * {@code AttributeError} or {@code KeyError} its server sends back for such calls).
 *
 * <p>An exception that the served object's own method throws is not wrapped in this one: the caller
 * receives that exception itself, with the server's stack frames followed by its own.
 */
public class RemoteCallException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the server refused and why, and what to do
     */
    public RemoteCallException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what failed
     * @param cause   the underlying failure
     */
    public RemoteCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
