package io.multiprocess.managers.transport;

import io.multiprocess.ProcessStateException;
import io.multiprocess.connection.Connection;
import io.multiprocess.connection.FrameException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** A {@link Transport} over the library's own {@link Connection} (Unix-domain socket or TCP). */
public final class ConnectionTransport implements Transport {

    private final Connection connection;

    /**
     * Wraps an authenticated connection.
     *
     * @param connection the connection, owned by the transport from now on
     */
    public ConnectionTransport(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void send(byte[] bytes, int length) {
        connection.sendBytes(bytes, 0, length);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The deadline bounds the whole frame, not only its first byte (a poll followed by a plain read
     * would wait past it for the rest of a frame that began in time).
     */
    @Override
    public byte @Nullable [] receive(long deadlineNanos) {
        if (deadlineNanos == Long.MAX_VALUE) {
            return connection.recvBytes();
        }
        try {
            return connection
                    .recvBytes(Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())))
                    .orElse(null);
        } catch (FrameException cut) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                // A frame began but did not complete in time: the connection layer closed the connection.
                connection.close();
                return null;
            }
            throw cut;
        }
    }

    @Override
    public boolean peerGone() {
        if (connection.isClosed()) {
            return true;
        }
        try {
            return connection.poll(Duration.ZERO);
        } catch (ProcessStateException closedMeanwhile) {
            return true;
        }
    }

    @Override
    public void close() {
        connection.close();
    }

    @Override
    public boolean isClosed() {
        return connection.isClosed();
    }

    @Override
    public String toString() {
        return connection.toString();
    }
}
