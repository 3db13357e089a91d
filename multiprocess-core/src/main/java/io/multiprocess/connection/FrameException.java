package io.multiprocess.connection;

import io.multiprocess.MultiprocessException;

/**
 * A peer sent bytes that are not a valid message frame: a negative length, a length above the
 * connection's maximum frame size, or a frame that stalled half-way for longer than allowed. Python
 * raises {@code OSError("bad message length")} for the first cases. The connection is closed when this
 * is raised: after a bad frame the stream cannot be trusted any more.
 */
public class FrameException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the offending length or stall, and the limit
     */
    public FrameException(String message) {
        super(message);
    }
}
