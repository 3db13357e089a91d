package io.multiprocess.managers.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.multiprocess.connection.FrameException;
import io.multiprocess.connection.Pipe;
import io.multiprocess.internal.posix.Sockets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The manager's transport over a library connection: a deadline (a call timeout) bounds the whole
 * reply frame, not only the wait for its first byte.
 */
@Timeout(120)
class ConnectionTransportTests {

    private static final long WAIT_SECONDS = 30;

    /** Writes raw bytes on a connection's descriptor, bypassing its framing: a peer that stops mid-frame. */
    private static void sendRaw(int fd, byte[] bytes) {
        Memory memory = new Memory(bytes.length);
        memory.write(0, bytes, 0, bytes.length);
        long sent = Sockets.send(
                fd, Pointer.nativeValue(memory), bytes.length, Sockets.MSG_DONTWAIT | Sockets.MSG_NOSIGNAL);
        assertThat(sent).isEqualTo(bytes.length);
    }

    @Test
    void aReplyThatBeganInTimeButStopsHalfWayCountsAsNoAnswerInsteadOfBlockingPastTheDeadline() throws Exception {
        try (Pipe pipe = Pipe.open(true)) {
            ConnectionTransport transport = new ConnectionTransport(pipe.second());
            // The length (100) and 10 of the 100 body bytes; the rest never comes.
            sendRaw(pipe.first().fileno(), new byte[] {0, 0, 0, 100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
            CompletableFuture<byte[]> reply = CompletableFuture.supplyAsync(() ->
                    transport.receive(System.nanoTime() + Duration.ofMillis(200).toNanos()));
            try {
                assertThat(reply.get(WAIT_SECONDS, TimeUnit.SECONDS)).isNull();
            } finally {
                transport.close(); // releases a reader blocked by the bug, if any
            }
            // The stream is out of step: the transport was closed, so the caller opens a new connection.
            assertThat(transport.isClosed()).isTrue();
        }
    }

    @Test
    void aWholeReplyArrivesAndNoReplyLeavesTheConnectionUsable() {
        try (Pipe pipe = Pipe.open(true)) {
            ConnectionTransport transport = new ConnectionTransport(pipe.second());
            assertThat(transport.receive(
                            System.nanoTime() + Duration.ofMillis(50).toNanos()))
                    .isNull();
            assertThat(transport.isClosed()).isFalse();
            pipe.first().sendBytes(new byte[] {7, 8, 9});
            assertThat(transport.receive(
                            System.nanoTime() + Duration.ofSeconds(WAIT_SECONDS).toNanos()))
                    .containsExactly(7, 8, 9);
            pipe.first().sendBytes(new byte[] {1});
            assertThat(transport.receive(Long.MAX_VALUE)).containsExactly(1);
        }
    }

    @Test
    void aBadLengthIsStillAFrameErrorNotATimeout() {
        try (Pipe pipe = Pipe.open(true)) {
            ConnectionTransport transport = new ConnectionTransport(pipe.second());
            sendRaw(pipe.first().fileno(), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            assertThatThrownBy(() -> transport.receive(
                            System.nanoTime() + Duration.ofSeconds(WAIT_SECONDS).toNanos()))
                    .isInstanceOf(FrameException.class);
            assertThat(transport.isClosed()).isTrue();
        }
    }
}
