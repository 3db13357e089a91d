package io.multiprocess.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.multiprocess.ProcessStateException;
import io.multiprocess.serialization.KryoSerializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Pipes within one JVM: messages, directions, end of stream, limits. */
@Timeout(300)
class PipeTests {

    @Test
    void duplexEndsCarryObjectsBothWays() {
        try (Pipe pipe = Pipe.open(true)) {
            pipe.first().send(List.of(1, "two", 3.0));
            assertThat(pipe.second().<List<Object>>receive()).containsExactly(1, "two", 3.0);
            pipe.second().send(null);
            assertThat(pipe.first().recv()).isNull();
            assertThat(pipe.first().isReadable()).isTrue();
            assertThat(pipe.first().isWritable()).isTrue();
        }
    }

    @Test
    void oneWayPipeRefusesTheWrongDirection() {
        try (Pipe pipe = Pipe.open(false)) {
            assertThat(pipe.first().isWritable()).isFalse();
            assertThat(pipe.second().isReadable()).isFalse();
            assertThatThrownBy(() -> pipe.first().send("x"))
                    .isInstanceOf(ProcessStateException.class)
                    .hasMessageContaining("read-only");
            assertThatThrownBy(() -> pipe.second().recv())
                    .isInstanceOf(ProcessStateException.class)
                    .hasMessageContaining("write-only");
            pipe.second().send("ok");
            assertThat(pipe.first().<String>receive()).isEqualTo("ok");
        }
    }

    @Test
    void bytesWithOffsetsAndLargeMessagesArriveWhole() throws Exception {
        try (Pipe pipe = Pipe.open(true)) {
            byte[] big = new byte[5 * 1024 * 1024 + 3];
            new Random(7).nextBytes(big);
            CompletableFuture<byte[]> received =
                    CompletableFuture.supplyAsync(() -> pipe.second().recvBytes());
            pipe.first().sendBytes(big);
            assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo(big);
            pipe.first().sendBytes(new byte[] {1, 2, 3, 4, 5}, 1, 3);
            assertThat(pipe.second().recvBytes()).containsExactly(2, 3, 4);
            pipe.first().sendBytes(new byte[] {1, 2, 3, 4, 5}, 3);
            assertThat(pipe.second().recvBytes()).containsExactly(4, 5);
            pipe.first().sendBytes(new byte[0]);
            assertThat(pipe.second().recvBytes()).isEmpty();
        }
    }

    @Test
    void tooSmallABufferRaisesWithTheWholeMessage() {
        try (Pipe pipe = Pipe.open(true)) {
            pipe.first().sendBytes(new byte[] {1, 2, 3, 4});
            byte[] buffer = new byte[5];
            assertThatThrownBy(() -> pipe.second().recvBytesInto(buffer, 2))
                    .isInstanceOfSatisfying(
                            BufferTooShortException.class,
                            e -> assertThat(e.message()).containsExactly(1, 2, 3, 4));
            pipe.first().sendBytes(new byte[] {9, 8});
            assertThat(pipe.second().recvBytesInto(buffer, 3)).isEqualTo(2);
            assertThat(buffer).containsExactly(0, 0, 0, 9, 8);
        }
    }

    @Test
    void aTimedReceiveBoundsTheWholeMessageNotOnlyItsFirstByte() throws Exception {
        try (Pipe pipe = Pipe.open(true)) {
            assertThat(pipe.second().recvBytes(Duration.ofMillis(50))).isEmpty();
            assertThat(pipe.second().isClosed()).isFalse();
            pipe.first().sendBytes(new byte[] {4, 2});
            assertThat(pipe.second().recvBytes(Duration.ofSeconds(30)))
                    .hasValueSatisfying(m -> assertThat(m).containsExactly(4, 2));
            // The length (100) and 10 of the 100 bytes; the rest never comes (a pipe has no stall limit).
            byte[] cut = {0, 0, 0, 100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
            Memory memory = new Memory(cut.length);
            memory.write(0, cut, 0, cut.length);
            assertThat(pipe.first().socket().sendNow(Pointer.nativeValue(memory), cut.length))
                    .isEqualTo(cut.length);
            CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(
                    () -> Assertions.catchThrowable(() -> pipe.second().recvBytes(Duration.ofMillis(200))));
            try {
                assertThat(failure.get(60, TimeUnit.SECONDS))
                        .isInstanceOf(FrameException.class)
                        .hasMessageContaining("in time");
                assertThat(pipe.second().isClosed()).isTrue();
            } finally {
                pipe.second().close();
            }
        }
    }

    @Test
    void closedPeerGivesEndOfStreamAfterWhatWasSent() {
        Pipe pipe = Pipe.open(true);
        pipe.first().send("last");
        pipe.first().close();
        assertThat(pipe.second().poll(Duration.ofSeconds(5))).isTrue();
        assertThat(pipe.second().<String>receive()).isEqualTo("last");
        assertThat(pipe.second().poll(Duration.ZERO)).isTrue();
        assertThatThrownBy(() -> pipe.second().recv()).isInstanceOf(EofException.class);
        assertThat(pipe.second().isClosed()).isTrue();
        assertThatThrownBy(() -> pipe.first().send("x"))
                .isInstanceOf(ProcessStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void sendingToAClosedPeerFails() {
        Pipe pipe = Pipe.open(true);
        pipe.second().close();
        assertThatThrownBy(() -> {
                    for (int i = 0; i < 100; i++) {
                        pipe.first().sendBytes(new byte[100_000]);
                    }
                })
                .isInstanceOf(EofException.class);
        pipe.close();
    }

    @Test
    void pollTimesOutWhenNothingArrives() {
        try (Pipe pipe = Pipe.open(true)) {
            assertThat(pipe.first().poll()).isFalse();
            assertThat(pipe.first().poll(Duration.ofMillis(30))).isFalse();
            pipe.second().send(1);
            assertThat(pipe.first().poll(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void framesAboveTheLimitAreRefusedAndCloseTheConnection() {
        Pipe pipe = Pipe.open(true, new KryoSerializer(), 1000);
        assertThatThrownBy(() -> pipe.first().sendBytes(new byte[1001])).isInstanceOf(IllegalArgumentException.class);
        pipe.first().sendBytes(new byte[900]);
        assertThatThrownBy(() -> pipe.second().recvBytes(100))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining("900");
        assertThat(pipe.second().isClosed()).isTrue();
        pipe.close();
    }

    @Test
    void aConnectionSerializedAndReadInTheSameProcessWorks() {
        try (Pipe pipe = Pipe.open(true)) {
            KryoSerializer serializer = new KryoSerializer();
            Connection copy = (Connection) serializer.deserialize(serializer.serialize(pipe.second()));
            try (copy) {
                pipe.first().send("via copy");
                assertThat(copy.<String>receive()).isEqualTo("via copy");
            }
        }
    }

    @Test
    void waitTakesRawDescriptorsAndJdkProcesses() throws Exception {
        try (Pipe pipe = Pipe.open(true)) {
            Integer fd = pipe.first().fileno();
            assertThat(Connections.wait(List.of(fd), Duration.ZERO)).isEmpty();
            pipe.second().send("ready");
            assertThat(Connections.wait(List.of(fd), Duration.ofSeconds(30))).containsExactly(fd);
            assertThat(pipe.first().recv()).isEqualTo("ready");
            Process cat = new ProcessBuilder("cat").start();
            try {
                assertThat(Connections.wait(List.of(cat, fd), Duration.ZERO)).isEmpty();
                cat.getOutputStream().close();
                assertThat(Connections.wait(List.of(fd, cat.toHandle()), Duration.ofSeconds(30)))
                        .containsExactly(cat.toHandle());
                assertThat(Connections.wait(List.of(cat), Duration.ZERO)).containsExactly(cat);
            } finally {
                cat.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            assertThatThrownBy(() -> Connections.wait(List.of(-1), Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("negative");
        }
    }

    @Test
    void severalDescriptorsTravelInOneMessage() throws Exception {
        try (Pipe carrier = Pipe.open(true);
                Pipe a = Pipe.open(true);
                Pipe b = Pipe.open(false)) {
            int[] sent = {a.first().fileno(), b.first().fileno(), b.second().fileno()};
            Handles.sendFds(carrier.first(), sent);
            int[] received = Handles.recvFds(carrier.second(), 3);
            try {
                assertThat(received).hasSize(3).doesNotContain(sent);
                for (int i = 0; i < 3; i++) {
                    assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + received[i])))
                            .isEqualTo(Files.readSymbolicLink(Path.of("/proc/self/fd/" + sent[i])));
                }
            } finally {
                for (int fd : received) {
                    Handles.close(fd);
                }
            }
            Handles.sendFds(carrier.first(), sent[0], sent[1]);
            assertThatThrownBy(() -> Handles.recvFds(carrier.second(), 3))
                    .isInstanceOf(EofException.class)
                    .hasMessageContaining("Expected 3 file descriptors");
            assertThatThrownBy(() -> Handles.sendFds(carrier.first())).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
