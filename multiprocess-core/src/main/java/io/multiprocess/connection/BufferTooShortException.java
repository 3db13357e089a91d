package io.multiprocess.connection;

import io.multiprocess.MultiprocessException;

/**
 * A received message did not fit into the buffer given to {@code recvBytesInto}. Python's
 * {@code multiprocessing.BufferTooShort}. The message was consumed from the connection: it is carried
 * whole by {@link #message()}, so nothing is lost.
 */
public class BufferTooShortException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    private final byte[] message;

    /**
     * Creates the exception.
     *
     * @param message the whole message
     * @param room    how many bytes the buffer had from the given offset
     */
    public BufferTooShortException(byte[] message, int room) {
        super("The message has " + message.length + " bytes but the buffer has room for " + room
                + " from the given offset; the whole message is in BufferTooShortException.message()");
        this.message = message;
    }

    /**
     * The whole message that did not fit.
     *
     * @return the message bytes (not a copy)
     */
    public byte[] message() {
        return message;
    }
}
