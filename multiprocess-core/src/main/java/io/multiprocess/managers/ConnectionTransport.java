package io.multiprocess.managers;

import io.multiprocess.ProcessStateException;
import io.multiprocess.connection.Connection;
import java.time.Duration;

/** A {@link Transport} over the library's own {@link Connection} (Unix-domain socket or TCP). */
final class ConnectionTransport implements Transport {

    private final Connection connection;

    ConnectionTransport(Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void send(byte[] bytes, int length) {
        connection.sendBytes(bytes, 0, length);
    }

    @Override
    public byte[] receive(long deadlineNanos) {
        if (deadlineNanos != Long.MAX_VALUE) {
            long remaining = deadlineNanos - System.nanoTime();
            if (!connection.poll(Duration.ofNanos(Math.max(0, remaining)))) {
                return null;
            }
        }
        return connection.recvBytes();
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
