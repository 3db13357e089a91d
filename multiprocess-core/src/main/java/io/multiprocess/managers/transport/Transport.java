package io.multiprocess.managers.transport;

import org.jspecify.annotations.Nullable;

/**
 * One authenticated, framed connection between a manager's client and its server: a library
 * {@link io.multiprocess.connection.Connection} (Unix-domain socket or TCP) or a TLS socket.
 *
 * <p>Failures: a peer that closed raises {@link io.multiprocess.connection.EofException}; a bad or stalled frame
 * raises {@link io.multiprocess.connection.FrameException} (the transport is closed); an interrupted wait raises
 * {@link io.multiprocess.InterruptedOperationException} (the transport is closed, since a frame may have
 * been cut).
 */
public interface Transport extends AutoCloseable {

    /**
     * Sends one frame: the first {@code length} bytes of {@code bytes}.
     *
     * @param bytes  the buffer
     * @param length the frame's length
     */
    void send(byte[] bytes, int length);

    /**
     * Receives one frame.
     *
     * @param deadlineNanos a {@link System#nanoTime()} deadline for the whole frame to arrive, or
     *                      {@link Long#MAX_VALUE} to wait for ever
     * @return the frame, or null if it was not there whole by the deadline (if it had begun to arrive,
     *     the transport is closed, since the stream is then out of step)
     */
    byte @Nullable [] receive(long deadlineNanos);

    /**
     * Whether the peer has closed its end, checked without blocking: the server asks this while a call
     * waits, since a client that waits for a reply sends nothing else.
     *
     * @return true once the peer is gone (or this end is closed)
     */
    boolean peerGone();

    /** Closes this end; blocked calls on it fail. Closing twice does nothing. */
    @Override
    void close();

    /**
     * Whether closed.
     *
     * @return true once closed
     */
    boolean isClosed();
}
