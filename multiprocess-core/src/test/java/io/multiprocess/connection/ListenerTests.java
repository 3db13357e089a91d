package io.multiprocess.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.AbstractUnixAddress;
import io.multiprocess.AuthenticationException;
import io.multiprocess.MultiprocessException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.testing.NoLeftoversExtension;
import io.multiprocess.util.ProcessTempDir;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Listener and Client in one JVM, and hostile peers speaking raw bytes through JDK sockets. */
@Timeout(120)
@ExtendWith(NoLeftoversExtension.class)
class ListenerTests {

    private static final byte[] KEY = "secret".getBytes(StandardCharsets.UTF_8);
    private static final Duration SHORT = Duration.ofMillis(500);

    private static Listener listener(SocketAddress address) {
        return Listener.open(address, 8, KEY, 1 << 20, SHORT);
    }

    private static SocketChannel raw(SocketAddress address) throws IOException {
        return address instanceof UnixDomainSocketAddress ? SocketChannel.open(address) : SocketChannel.open(address);
    }

    /** Speaks the client's side of the handshake by hand, so that a test can misbehave after it. */
    /** {@link #authenticatedRaw} on another thread, while this one accepts. */
    private static CompletableFuture<SocketChannel> authenticatedRawAsync(Listener listener) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return authenticatedRaw(listener.address());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static SocketChannel authenticatedRaw(SocketAddress address) throws Exception {
        return authenticated(raw(address));
    }

    private static SocketChannel authenticated(SocketChannel channel) throws Exception {
        byte[] challenge = readFrame(channel);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        writeFrame(channel, mac.doFinal(challenge));
        assertThat(new String(readFrame(channel), StandardCharsets.US_ASCII)).isEqualTo("#WELCOME#");
        byte[] ours = "#CHALLENGE#{sha256}0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        writeFrame(channel, ours);
        byte[] digest = readFrame(channel);
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        assertThat(digest).isEqualTo(mac.doFinal(ours));
        writeFrame(channel, "#WELCOME#".getBytes(StandardCharsets.US_ASCII));
        return channel;
    }

    private static byte[] readFrame(SocketChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4);
        while (header.hasRemaining() && channel.read(header) >= 0) {
            Thread.onSpinWait();
        }
        ByteBuffer body = ByteBuffer.allocate(header.getInt(0));
        while (body.hasRemaining() && channel.read(body) >= 0) {
            Thread.onSpinWait();
        }
        return body.array();
    }

    private static void writeFrame(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(4 + bytes.length)
                .putInt(bytes.length)
                .put(bytes)
                .flip();
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    private static SocketAddress[] addresses() {
        return new SocketAddress[] {null, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)};
    }

    @Test
    void clientsWithTheKeyAreServedAndAWrongKeyFailsOnBothSidesWhileTheListenerServesOn() throws Exception {
        for (SocketAddress address : addresses()) {
            try (Listener listener = listener(address)) {
                CompletableFuture<Connection> wrong = CompletableFuture.supplyAsync(
                        () -> Client.connect(listener.address(), "other".getBytes(StandardCharsets.UTF_8)));
                assertThatThrownBy(listener::accept).isInstanceOf(AuthenticationException.class);
                assertThatThrownBy(() -> wrong.get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(AuthenticationException.class);

                CompletableFuture<Connection> good =
                        CompletableFuture.supplyAsync(() -> Client.connect(listener.address(), KEY));
                try (Connection server = listener.accept();
                        Connection client = good.get(30, TimeUnit.SECONDS)) {
                    client.send("ping");
                    assertThat(server.<String>receive()).isEqualTo("ping");
                    server.send("pong");
                    assertThat(client.<String>receive()).isEqualTo("pong");
                    assertThat(listener.lastAcceptedConnection()).contains(server);
                }
            }
        }
    }

    @Test
    void threadsThatLoseTheRaceForAConnectionStillHonourTheirDeadline() throws Exception {
        for (SocketAddress address : addresses()) {
            try (Listener listener = listener(address)) {
                AtomicBoolean stop = new AtomicBoolean();
                AtomicInteger accepted = new AtomicInteger();
                List<Thread> acceptors = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    Thread acceptor = new Thread(() -> {
                        while (!stop.get()) {
                            listener.accept(Duration.ofMillis(100)).ifPresent(connection -> {
                                accepted.incrementAndGet();
                                connection.close();
                            });
                        }
                    });
                    acceptor.setDaemon(true);
                    acceptor.start();
                    acceptors.add(acceptor);
                }
                for (int i = 0; i < 3; i++) {
                    try (Connection client = Client.connect(listener.address(), KEY)) {
                        assertThat(client.poll(Duration.ofSeconds(30)))
                                .as("the server side closed it")
                                .isTrue();
                    }
                }
                stop.set(true);
                for (Thread acceptor : acceptors) {
                    acceptor.join(30_000);
                    assertThat(acceptor.isAlive())
                            .as("an acceptor stuck in accept() after losing a race")
                            .isFalse();
                }
                assertThat(accepted.get()).isEqualTo(3);
            }
        }
    }

    @Test
    void randomBytesInsteadOfTheHandshakeAreRefused() throws Exception {
        for (SocketAddress address : addresses()) {
            try (Listener listener = listener(address)) {
                try (SocketChannel attacker = raw(listener.address())) {
                    byte[] noise = new byte[4096];
                    new Random(1).nextBytes(noise);
                    attacker.write(ByteBuffer.wrap(noise));
                    assertThatThrownBy(listener::accept).isInstanceOf(AuthenticationException.class);
                }
                assertListenerStillServes(listener);
            }
        }
    }

    @Test
    void aSilentPeerTimesOutTheHandshake() throws Exception {
        for (SocketAddress address : addresses()) {
            try (Listener listener = listener(address);
                    SocketChannel silent = raw(listener.address())) {
                assertThatThrownBy(listener::accept)
                        .isInstanceOf(AuthenticationException.class)
                        .hasRootCauseInstanceOf(FrameException.class);
                assertListenerStillServes(listener);
            }
        }
    }

    @Test
    void aHugeLengthPrefixAfterTheHandshakeIsRefusedBeforeAllocating() throws Exception {
        for (SocketAddress address : addresses()) {
            try (Listener listener = listener(address)) {
                CompletableFuture<SocketChannel> attacker = authenticatedRawAsync(listener);
                try (Connection server = listener.accept();
                        SocketChannel channel = attacker.get(30, TimeUnit.SECONDS)) {
                    channel.write(ByteBuffer.allocate(4).putInt(0, 0x80000000));
                    assertThatThrownBy(server::recv)
                            .isInstanceOf(FrameException.class)
                            .hasMessageContaining("2147483648");
                    assertThat(server.isClosed()).isTrue();
                }
                attacker = authenticatedRawAsync(listener);
                try (Connection server = listener.accept();
                        SocketChannel channel = attacker.get(30, TimeUnit.SECONDS)) {
                    channel.write(ByteBuffer.allocate(4).putInt(0, (1 << 20) + 1));
                    assertThatThrownBy(server::recvBytes)
                            .isInstanceOf(FrameException.class)
                            .hasMessageContaining("1048577");
                }
                assertListenerStillServes(listener);
            }
        }
    }

    @Test
    void aClaimedLengthIsNotAllocatedBeforeItsBytesArrive() throws Exception {
        try (Listener listener = Listener.open(null, 8, KEY, 64 << 20, Duration.ofSeconds(5))) {
            CompletableFuture<SocketChannel> attacker = authenticatedRawAsync(listener);
            try (Connection server = listener.accept();
                    SocketChannel channel = attacker.get(30, TimeUnit.SECONDS)) {
                // 60 MiB announced, 13 bytes sent, then nothing: the frame stalls.
                channel.write(ByteBuffer.allocate(17).putInt(0, 60 << 20));
                com.sun.management.ThreadMXBean threads =
                        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
                long before = threads.getCurrentThreadAllocatedBytes();
                assertThatThrownBy(server::recvBytes)
                        .isInstanceOf(FrameException.class)
                        .hasMessageContaining("stalled");
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertThat(allocated)
                        .as("bytes allocated for a 13-byte frame that claimed 60 MiB")
                        .isLessThan(4L << 20);
                assertThat(server.isClosed()).isTrue();
            }
            assertListenerStillServes(listener);
        }
    }

    @Test
    void aHundredSilentPeersDoNotDelayAClient() throws Exception {
        SocketAddress tcp = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (Listener listener = Listener.open(tcp, 128, KEY, 1 << 20, Listener.DEFAULT_HANDSHAKE_TIMEOUT)) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread server = new Thread(
                    () -> {
                        while (!stop.get()) {
                            try {
                                listener.accept(Duration.ofMillis(100)).ifPresent(Connection::close);
                            } catch (AuthenticationException refused) {
                                // A silent peer dropped or timed out: serve on.
                            } catch (ProcessStateException closed) {
                                return;
                            }
                        }
                    },
                    "test-accept-loop");
            server.setDaemon(true);
            server.start();
            List<SocketChannel> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    silent.add(SocketChannel.open(listener.address()));
                }
                long[] nanos = new long[5];
                for (int i = 0; i < nanos.length; i++) {
                    long start = System.nanoTime();
                    try (Connection client = Client.connect(listener.address(), KEY)) {
                        nanos[i] = System.nanoTime() - start;
                        assertThat(client.isClosed()).isFalse();
                    }
                }
                java.util.Arrays.sort(nanos);
                assertThat(Duration.ofNanos(nanos[nanos.length / 2]))
                        .as("median connect time behind 100 silent peers")
                        .isLessThan(Duration.ofMillis(100));
            } finally {
                for (SocketChannel channel : silent) {
                    channel.close();
                }
                stop.set(true);
                server.join(30_000);
            }
        }
    }

    @Test
    void incompleteMessagesShareABoundedBudgetAndSmallMessagesNeverWaitForIt() throws Exception {
        Listener.Limits limits =
                Listener.Limits.defaults().withMaxMessageSize(4 << 20).withReceiveBudget(4 << 20);
        try (Listener listener = Listener.open(null, 8, KEY, limits)) {
            ReceiveBudget budget = listener.receiveBudget();
            CompletableFuture<SocketChannel> first = authenticatedRawAsync(listener);
            try (Connection holder = listener.accept();
                    SocketChannel holding = first.get(30, TimeUnit.SECONDS)) {
                // 3 MiB of a 4 MiB message arrive, then nothing: the reader's 4 MiB buffer is charged 3 MiB.
                CompletableFuture<Throwable> held = CompletableFuture.supplyAsync(() -> failureOf(holder::recvBytes));
                writeAll(holding, ByteBuffer.allocate(4 + (3 << 20)).putInt(0, 4 << 20));
                org.awaitility.Awaitility.await()
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> budget.reserved() == 3 << 20);

                CompletableFuture<SocketChannel> second = authenticatedRawAsync(listener);
                try (Connection starved = listener.accept();
                        SocketChannel starving = second.get(30, TimeUnit.SECONDS)) {
                    CompletableFuture<Throwable> refused = CompletableFuture.supplyAsync(
                            () -> failureOf(() -> starved.recvBytes(Duration.ofSeconds(1))));
                    CompletableFuture.runAsync(() -> {
                        try {
                            writeAll(
                                    starving, ByteBuffer.allocate(4 + (3 << 20)).putInt(0, 4 << 20));
                        } catch (IOException closedByTheListener) {
                            // Expected once the listener refuses the message.
                        }
                    });
                    assertThat(refused.get(30, TimeUnit.SECONDS))
                            .isInstanceOf(FrameException.class)
                            .hasMessageContaining("receive budget")
                            .hasMessageContaining("4194304");
                    assertThat(starved.isClosed()).isTrue();
                }
                assertThat(budget.reserved()).isEqualTo(3 << 20);

                // A well-behaved client's messages up to 1 MiB need no budget: served while it is exhausted.
                CompletableFuture<Connection> client = CompletableFuture.supplyAsync(
                        () -> Client.connect(listener.address(), KEY, 4 << 20, Listener.DEFAULT_HANDSHAKE_TIMEOUT));
                try (Connection server = listener.accept();
                        Connection connection = client.get(30, TimeUnit.SECONDS)) {
                    CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(server::recvBytes);
                    connection.sendBytes(new byte[1 << 20]);
                    assertThat(received.get(30, TimeUnit.SECONDS)).hasSize(1 << 20);
                    connection.send("small");
                    assertThat(server.<String>receive()).isEqualTo("small");
                }
                holding.close();
                assertThat(held.get(30, TimeUnit.SECONDS)).isInstanceOf(EofException.class);
                assertThat(budget.reserved()).isZero();
            }
            assertListenerStillServes(listener);
        }
    }

    @Test
    void theOldestPeersAreDroppedBeyondTheCapOnPendingHandshakes() throws Exception {
        Listener.Limits limits = Listener.Limits.defaults().withMaxPendingHandshakes(4);
        try (Listener listener = Listener.open(null, 16, KEY, limits)) {
            assertThat(listener.accept(Duration.ZERO)).isEmpty(); // starts the acceptor
            List<SocketChannel> silent = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    silent.add(raw(listener.address()));
                    readFrame(silent.get(i)); // the challenge: this peer is pending now
                }
                for (int i = 0; i < 2; i++) {
                    assertThatThrownBy(listener::accept)
                            .isInstanceOf(AuthenticationException.class)
                            .hasMessageContaining("Dropped")
                            .hasMessageContaining("maxPendingHandshakes");
                }
                for (int i = 0; i < 2; i++) {
                    assertThat(silent.get(i).read(ByteBuffer.allocate(1)))
                            .as("dropped peer " + i)
                            .isEqualTo(-1);
                }
                // A client still gets in: it drops the oldest silent peer in turn, whose failure accept() reports
                // first.
                CompletableFuture<Connection> client =
                        CompletableFuture.supplyAsync(() -> Client.connect(listener.address(), KEY));
                Connection server = null;
                while (server == null) {
                    try {
                        server = listener.accept();
                    } catch (AuthenticationException dropped) {
                        assertThat(dropped).hasMessageContaining("Dropped");
                    }
                }
                try (Connection accepted = server;
                        Connection connection = client.get(30, TimeUnit.SECONDS)) {
                    connection.send(1);
                    assertThat(accepted.<Integer>receive()).isEqualTo(1);
                }
            } finally {
                for (SocketChannel channel : silent) {
                    channel.close();
                }
            }
        }
    }

    private static Throwable failureOf(Runnable action) {
        try {
            action.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void writeAll(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Test
    void waitReportsAListenerWhileAnAuthenticatedPeerWaitsToBeAccepted() throws Exception {
        try (Listener listener = listener(null)) {
            List<Object> objects = List.of(listener);
            assertThat(Connections.wait(objects, Duration.ofMillis(50))).isEmpty();
            for (int i = 0; i < 2; i++) {
                CompletableFuture<Connection> client =
                        CompletableFuture.supplyAsync(() -> Client.connect(listener.address(), KEY));
                assertThat(Connections.wait(objects, Duration.ofSeconds(30))).containsExactly(listener);
                try (Connection server = listener.accept();
                        Connection connection = client.get(30, TimeUnit.SECONDS)) {
                    connection.send(i);
                    assertThat(server.<Integer>receive()).isEqualTo(i);
                }
                assertThat(Connections.wait(objects, Duration.ofMillis(50))).isEmpty();
            }
        }
    }

    @Test
    void aFrameCutInTheMiddleGivesEndOfStreamOrAStallError() throws Exception {
        try (Listener listener = listener(null)) {
            CompletableFuture<SocketChannel> attacker = authenticatedRawAsync(listener);
            try (Connection server = listener.accept()) {
                SocketChannel channel = attacker.get(30, TimeUnit.SECONDS);
                channel.write(ByteBuffer.allocate(14).putInt(0, 100).put(4, (byte) 1));
                channel.close();
                assertThatThrownBy(server::recv)
                        .isInstanceOf(EofException.class)
                        .hasMessageContaining("10 of 100");
            }
            attacker = authenticatedRawAsync(listener);
            try (Connection server = listener.accept();
                    SocketChannel channel = attacker.get(30, TimeUnit.SECONDS)) {
                channel.write(ByteBuffer.allocate(14).putInt(0, 100));
                assertThatThrownBy(server::recv)
                        .isInstanceOf(FrameException.class)
                        .hasMessageContaining("stalled");
                assertThat(server.isClosed()).isTrue();
            }
            assertListenerStillServes(listener);
        }
    }

    @Test
    void socketFilesLiveInAPrivateDirectoryAndGoAwayOnClose() throws Exception {
        Listener listener = listener(null);
        Path file = ((UnixDomainSocketAddress) listener.address()).getPath();
        assertThat(file.getParent()).isEqualTo(ProcessTempDir.get());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(file).exists();
        listener.close();
        assertThat(file).doesNotExist();
        assertThatThrownBy(listener::accept).isInstanceOf(ProcessStateException.class);
        assertThatThrownBy(() -> Client.connect(UnixDomainSocketAddress.of(file), KEY))
                .isInstanceOf(MultiprocessException.class)
                .hasMessageContaining("Listener");
    }

    @Test
    void handlesRefuseBadInput() {
        try (Pipe pipe = Pipe.open(true);
                Listener listener = listener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertThatThrownBy(() -> Handles.sendHandle(pipe.first(), 987_654))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("987654");
            CompletableFuture<Connection> client =
                    CompletableFuture.supplyAsync(() -> Client.connect(listener.address(), KEY));
            try (Connection tcp = listener.accept()) {
                assertThatThrownBy(() -> Handles.sendHandle(tcp, 0))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("TCP");
                client.join().close();
            }
            pipe.first().send("not a handle");
            assertThatThrownBy(() -> Handles.recvHandle(pipe.second()))
                    .isInstanceOf(EofException.class)
                    .hasMessageContaining("without a file descriptor");
            assertThat(StandardProtocolFamily.UNIX).isNotNull();
        }
    }

    private static void assertListenerStillServes(Listener listener) throws Exception {
        CompletableFuture<Connection> client =
                CompletableFuture.supplyAsync(() -> Client.connect(listener.address(), KEY));
        try (Connection server = listener.accept();
                Connection connection = client.get(30, TimeUnit.SECONDS)) {
            connection.send(1);
            assertThat(server.<Integer>receive()).isEqualTo(1);
        }
    }

    @Test
    void lastAcceptedIsTheTcpClientsIpAndPort() throws Exception {
        try (Listener listener = listener(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            assertThat(listener.lastAccepted()).isEmpty();
            CompletableFuture<SocketChannel> client = authenticatedRawAsync(listener);
            try (Connection server = listener.accept();
                    SocketChannel channel = client.get(30, TimeUnit.SECONDS)) {
                assertThat(listener.lastAccepted()).contains(channel.getLocalAddress());
            }
        }
    }

    @Test
    void lastAcceptedIsTheUnixClientsPathOrEmpty() throws Exception {
        Path bound =
                ProcessTempDir.get().resolve("peer-" + ProcessHandle.current().pid() + ".sock");
        try (Listener listener = listener(null)) {
            CompletableFuture<SocketChannel> unnamed = authenticatedRawAsync(listener);
            try (Connection server = listener.accept();
                    SocketChannel channel = unnamed.get(30, TimeUnit.SECONDS)) {
                assertThat(listener.lastAccepted()).contains(UnixDomainSocketAddress.of(""));
            }
            CompletableFuture<SocketChannel> named = CompletableFuture.supplyAsync(() -> {
                try {
                    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                    channel.bind(UnixDomainSocketAddress.of(bound));
                    channel.connect(listener.address());
                    return authenticated(channel);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Connection server = listener.accept();
                    SocketChannel channel = named.get(30, TimeUnit.SECONDS)) {
                assertThat(listener.lastAccepted()).contains(UnixDomainSocketAddress.of(bound));
            }
        } finally {
            Files.deleteIfExists(bound);
        }
    }

    @Test
    void peersWithoutAKeyTalkOnlyToAListenerWithoutAKey() throws Exception {
        try (Listener open = Listener.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .withoutAuthentication()
                .open()) {
            CompletableFuture<Connection> plain = CompletableFuture.supplyAsync(
                    () -> Client.builder(open.address()).withoutAuthentication().connect());
            try (Connection server = open.accept();
                    Connection client = plain.get(30, TimeUnit.SECONDS)) {
                client.send("ping");
                assertThat(server.<String>receive()).isEqualTo("ping");
            }
            CompletableFuture<Connection> keyed = CompletableFuture.supplyAsync(() -> Client.builder(open.address())
                    .authkey(KEY)
                    .handshakeTimeout(SHORT)
                    .connect());
            try (Connection server = open.accept()) {
                assertThatThrownBy(() -> keyed.get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(AuthenticationException.class);
            }
        }
        try (Listener keyed = listener(null)) {
            CompletableFuture<Connection> plain = CompletableFuture.supplyAsync(() -> Client.builder(keyed.address())
                    .withoutAuthentication()
                    .handshakeTimeout(SHORT)
                    .connect());
            try (Connection client = plain.get(30, TimeUnit.SECONDS)) {
                assertThatThrownBy(keyed::accept).isInstanceOf(AuthenticationException.class);
            }
        }
    }

    @Test
    void abstractUnixAddressesLeaveNoFile() throws Exception {
        AbstractUnixAddress name = AbstractUnixAddress.ofPython(
                "\0mp-test-" + ProcessHandle.current().pid());
        long filesBefore;
        try (var files = Files.list(ProcessTempDir.get())) {
            filesBefore = files.count();
        }
        try (Listener listener = Listener.builder(name).authkey(KEY).open()) {
            assertThat(listener.address()).isEqualTo(name);
            assertThatThrownBy(() -> Listener.builder(name).authkey(KEY).open())
                    .isInstanceOf(MultiprocessException.class);
            CompletableFuture<Connection> client = CompletableFuture.supplyAsync(() -> Client.connect(name, KEY));
            try (Connection server = listener.accept();
                    Connection connection = client.get(30, TimeUnit.SECONDS)) {
                connection.send("ping");
                assertThat(server.<String>receive()).isEqualTo("ping");
                assertThat(listener.lastAccepted()).contains(UnixDomainSocketAddress.of(""));
            }
            try (var files = Files.list(ProcessTempDir.get())) {
                assertThat(files.count()).isEqualTo(filesBefore);
            }
        }
    }

    @Test
    void familyPicksAnArbitraryAddressOrChecksTheGivenOne() {
        assertThat(Listener.Family.of("AF_INET6")).isEqualTo(Listener.Family.AF_INET6);
        assertThatThrownBy(() -> Listener.Family.of("AF_PIPE")).isInstanceOf(IllegalArgumentException.class);
        try (Listener inet =
                        Listener.builder(null).family("AF_INET").authkey(KEY).open();
                Listener unix = Listener.builder(null)
                        .family(Listener.Family.AF_UNIX)
                        .authkey(KEY)
                        .open()) {
            assertThat(inet.address()).isInstanceOfSatisfying(InetSocketAddress.class, a -> {
                assertThat(a.getAddress().isLoopbackAddress()).isTrue();
                assertThat(a.getPort()).isPositive();
            });
            assertThat(Listener.Family.of(unix.address())).isEqualTo(Listener.Family.AF_UNIX);
            CompletableFuture<Connection> client =
                    CompletableFuture.supplyAsync(() -> Client.connect(inet.address(), KEY));
            try (Connection server = inet.accept();
                    Connection connection = client.get(30, TimeUnit.SECONDS)) {
                connection.send(1);
                assertThat(server.<Integer>receive()).isEqualTo(1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        assertThatThrownBy(() -> Listener.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                        .family("AF_UNIX")
                        .open())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AF_INET");
    }
}
