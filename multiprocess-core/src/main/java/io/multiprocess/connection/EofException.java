package io.multiprocess.connection;

import io.multiprocess.MultiprocessException;

/**
 * Nothing more can be received: the other end of the connection was closed (or its process ended),
 * possibly in the middle of a message. Python's {@code EOFError} from {@code Connection.recv()}.
 */
public class EofException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was being received, and how much of it arrived
     */
    public EofException(String message) {
        super(message);
    }
}
