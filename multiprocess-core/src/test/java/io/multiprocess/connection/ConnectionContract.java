package io.multiprocess.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.AuthenticationException;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections between real processes: pipe ends as process arguments, end of stream, handles, wait,
 * listeners. The contract every start method that starts processes keeps, run once per method by a
 * subclass.
 */
@Timeout(300)
@ExtendWith(NoLeftoversExtension.class)
abstract class ConnectionContract {

    private static final Duration LIMIT = ChildFiles.TIMEOUT;

    private final ProcessContext ctx = context();

    /**
     * The context under test.
     *
     * @return a context of the start method under test
     */
    abstract ProcessContext context();

    @TempDir
    Path dir;

    @Test
    void pipeEndsPassedToAChildCarryObjectsBothWaysAndEndOfStreamFollowsItsExit() {
        Pipe pipe = ctx.pipe(true);
        Connection childEnd = pipe.second();
        ChildProcess child = ctx.process(() -> {
            childEnd.send("pid " + ProcessHandle.current().pid());
            Object request = childEnd.recv();
            childEnd.send(List.of(request, request));
        });
        child.start();
        childEnd.close();
        Connection parentEnd = pipe.first();
        assertThat(parentEnd.poll(LIMIT)).isTrue();
        assertThat(parentEnd.<String>receive()).isEqualTo("pid " + child.pid().getAsLong());
        parentEnd.send(42);
        assertThat(parentEnd.<List<Integer>>receive()).containsExactly(42, 42);
        assertThat(child.join(LIMIT)).isTrue();
        assertThat(child.exitCode()).hasValue(0);
        assertThat(parentEnd.poll(LIMIT)).isTrue();
        assertThatThrownBy(parentEnd::recv).isInstanceOf(EofException.class);
    }

    @Test
    void aChildKilledMidStreamGivesEndOfStreamNotAHang() {
        Pipe pipe = ctx.pipe(false);
        Connection sender = pipe.second();
        Path started = dir.resolve("started");
        ChildProcess child = ctx.process(() -> {
            ChildFiles.touch(started);
            byte[] chunk = new byte[1 << 20];
            while (true) {
                sender.sendBytes(chunk);
            }
        });
        child.start();
        sender.close();
        ChildFiles.await(started);
        Connection receiver = pipe.first();
        assertThat(receiver.recvBytes()).hasSize(1 << 20);
        child.kill();
        assertThat(child.join(LIMIT)).isTrue();
        assertThatThrownBy(() -> {
                    while (true) {
                        receiver.recvBytes();
                    }
                })
                .isInstanceOf(EofException.class);
    }

    @Test
    void anAcceptedConnectionIsPassedToAChildThatServesTheClient() throws Exception {
        try (Listener listener = Listener.open()) {
            CompletableFuture<Connection> client =
                    CompletableFuture.supplyAsync(() -> Client.connect(listener.address()));
            Connection accepted = listener.accept();
            ChildProcess server = ctx.process(() -> {
                try (accepted) {
                    accepted.send("served by " + ProcessHandle.current().pid());
                }
            });
            server.start();
            accepted.close();
            try (Connection connection = client.get(60, TimeUnit.SECONDS)) {
                assertThat(connection.poll(LIMIT)).isTrue();
                assertThat(connection.<String>receive())
                        .isEqualTo("served by " + server.pid().getAsLong());
            }
            assertThat(server.join(LIMIT)).isTrue();
        }
    }

    @Test
    void anOpenFileIsHandedToAChildOverAPipe() throws Exception {
        Path file = dir.resolve("data.txt");
        Files.writeString(file, "handed over");
        Pipe pipe = ctx.pipe(true);
        Connection childEnd = pipe.second();
        ChildProcess child = ctx.process(() -> {
            int fd = Handles.recvHandle(childEnd);
            try (FileChannel channel = Handles.openFileChannel(fd, StandardOpenOption.READ)) {
                ByteBuffer bytes = ByteBuffer.allocate(64);
                channel.read(bytes, 0);
                childEnd.send(new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                childEnd.send("failed: " + e);
            }
        });
        child.start();
        childEnd.close();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            Handles.sendHandle(pipe.first(), channel);
        }
        assertThat(pipe.first().poll(LIMIT)).isTrue();
        assertThat(pipe.first().<String>receive()).isEqualTo("handed over");
        assertThat(child.join(LIMIT)).isTrue();
        pipe.first().close();
    }

    @Test
    void waitReturnsConnectionsWithDataAndSentinelsOfEndedProcesses() {
        Pipe pipe = ctx.pipe(true);
        Path go = dir.resolve("go");
        ChildProcess sleeper = ctx.process(() -> ChildFiles.awaitInChild(go));
        sleeper.start();
        try {
            List<Object> objects = List.of(pipe.first(), sleeper.sentinel());
            assertThat(Connections.wait(objects, Duration.ofMillis(50))).isEmpty();
            pipe.second().send("x");
            assertThat(Connections.wait(objects, LIMIT)).containsExactly(pipe.first());
            pipe.first().recv();
            ChildFiles.touch(go);
            assertThat(Connections.wait(objects, LIMIT)).containsExactly(objects.get(1));
            assertThat(sleeper.join(LIMIT)).isTrue();
        } finally {
            pipe.close();
        }
    }

    @Test
    void aChildConnectsToAListenerWithTheInheritedKeyAndAWrongKeyFailsOnBothSides() {
        for (SocketAddress address :
                new SocketAddress[] {null, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)}) {
            try (Listener listener = Listener.open(address, 4, null)) {
                SocketAddress target = listener.address();
                ChildProcess good = ctx.process(() -> {
                    try (Connection connection = Client.connect(target)) {
                        connection.send("hello from " + ProcessHandle.current().pid());
                        connection.recv();
                    }
                });
                good.start();
                try (Connection accepted = listener.accept()) {
                    assertThat(accepted.<String>receive())
                            .isEqualTo("hello from " + good.pid().getAsLong());
                    accepted.send("bye");
                }
                assertThat(good.join(LIMIT)).isTrue();
                assertThat(good.exitCode()).hasValue(0);

                Path verdict = dir.resolve("verdict-" + (address == null ? "unix" : "tcp"));
                ChildProcess bad = ctx.process(() -> {
                    try {
                        Client.connect(target, "wrong key".getBytes(StandardCharsets.UTF_8))
                                .close();
                        ChildFiles.write(verdict, "connected");
                    } catch (AuthenticationException e) {
                        ChildFiles.write(verdict, "refused");
                    }
                });
                bad.start();
                assertThatThrownBy(listener::accept).isInstanceOf(AuthenticationException.class);
                assertThat(ChildFiles.await(verdict)).isEqualTo("refused");
                assertThat(bad.join(LIMIT)).isTrue();
            }
        }
    }
}
