package io.multiprocess.managers;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.process.JavaRuntimes;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authenticated peers that send hostile frames to a manager's server running in a JVM with a 128 MiB
 * heap (which exits on {@link OutOfMemoryError}): a frame claiming almost 2 GiB, and eight frames that
 * claim the largest allowed size, carry 13 bytes and stall. The server refuses or holds them at the cost
 * of the bytes that arrived, and a well-behaved client is served throughout.
 */
@Timeout(300)
@ExtendWith(NoLeftoversExtension.class)
class HostileFramesIT {

    private static final String KEY = "abracadabra";

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        for (Process process : started) {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(ChildFiles.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    private int serveWithSmallHeap() throws IOException {
        Path portFile = dir.resolve("port");
        List<String> command = List.of(
                JavaRuntimes.parentExecutable().toString(),
                "-Xmx128m",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                RemoteManagerMain.class.getName(),
                "serve",
                "0",
                KEY,
                portFile.toString());
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        started.add(process);
        return Integer.parseInt(ChildFiles.await(portFile));
    }

    /** A raw TCP peer that passes the handshake and the greeting by hand, so that it can misbehave after. */
    private Socket authenticated(int port) throws Exception {
        Socket socket = RawManagerPeer.authenticated(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                KEY.getBytes(StandardCharsets.UTF_8),
                (byte) 42);
        sockets.add(socket);
        return socket;
    }

    /** Sends the 4-byte header announcing {@code claimed} bytes, then 13 of them, then nothing. */
    private static void claim(Socket socket, int claimed) throws IOException {
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(claimed);
        out.write(new byte[13]);
        out.flush();
    }

    /** Whether the server closed this peer's connection (end of stream) within the socket's timeout. */
    private static boolean closedByServer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static RemoteManagerMain.QueueManager client(int port) {
        RemoteManagerMain.QueueManager manager = new RemoteManagerMain.QueueManager(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                KEY.getBytes(StandardCharsets.UTF_8),
                false);
        manager.connect();
        return manager;
    }

    private static void roundTrip(BlockingQueue<Object> queue, String item) throws InterruptedException {
        queue.put(item);
        assertThat(queue.poll(60, TimeUnit.SECONDS)).isEqualTo(item);
    }

    private void stopServer() throws Exception {
        Process server = started.get(0);
        assertThat(server.isAlive()).as("the server survived").isTrue();
        server.getOutputStream().close();
        assertThat(server.waitFor(ChildFiles.TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        assertThat(server.exitValue()).isZero();
    }

    @Test
    void aFrameClaimingAlmostTwoGibibytesIsRefusedAndTheServerServesOn() throws Exception {
        int port = serveWithSmallHeap();
        RemoteManagerMain.QueueManager manager = client(port);
        BlockingQueue<Object> queue = manager.create("get_queue");
        roundTrip(queue, "before");
        Socket attacker = authenticated(port);
        claim(attacker, 0x7FFFFFF0);
        assertThat(closedByServer(attacker))
                .as("the server closed the connection of the huge frame")
                .isTrue();
        roundTrip(queue, "after");
        stopServer();
    }

    @Test
    void eightStalledFramesOfTheLargestSizeKeepTheServersMemoryBounded() throws Exception {
        int port = serveWithSmallHeap();
        RemoteManagerMain.QueueManager manager = client(port);
        BlockingQueue<Object> queue = manager.create("get_queue");
        List<Socket> attackers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Socket attacker = authenticated(port);
            claim(attacker, 64 << 20);
            attackers.add(attacker);
            roundTrip(queue, "while " + (i + 1) + " frames stall");
        }
        for (int i = 0; i < 8; i++) {
            roundTrip(queue, "again " + i);
        }
        for (Socket attacker : attackers) {
            attacker.close();
        }
        roundTrip(queue, "after");
        stopServer();
    }
}
