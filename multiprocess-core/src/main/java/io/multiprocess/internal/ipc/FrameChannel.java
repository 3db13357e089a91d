package io.multiprocess.internal.ipc;

/**
 * Internal: the two operations an authentication handshake needs from a framed, two-way channel, so
 * that the same challenge and response run over the library's connections and over TLS sockets.
 */
public interface FrameChannel {

    /**
     * Sends one frame.
     *
     * @param frame the bytes
     */
    void sendFrame(byte[] frame);

    /**
     * Receives one frame of at most {@code limit} bytes, all of it before the deadline.
     *
     * @param limit         the largest frame accepted
     * @param deadlineNanos a {@link System#nanoTime()} deadline
     * @return the frame
     * @throws io.multiprocess.MultiprocessException if the frame is too long, late, or the peer closed
     */
    byte[] receiveFrame(int limit, long deadlineNanos);
}
