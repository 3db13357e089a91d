package io.multiprocess.managers.server;

import io.multiprocess.MultiprocessException;

/**
 * The manager's server refused a request: the method is not exposed or does not exist, the object was
 * released, the type id is not registered, the client's session has ended. The server answers the
 * request with its message; a client raises {@link io.multiprocess.managers.RemoteCallException} with it
 * (and wraps this exception in one when it meets it in its own process).
 */
public class CallRefusedException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the server refused and why, and what to do
     */
    public CallRefusedException(String message) {
        super(message);
    }
}
