package io.multiprocess.managers;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.managers.transport.Protocol;
import io.multiprocess.process.JavaRuntimes;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.DataInputStream;
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
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        sockets.add(socket);
        socket.setSoTimeout(60_000);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        writeFrame(out, mac.doFinal(readFrame(in)));
        assertThat(new String(readFrame(in), StandardCharsets.US_ASCII)).isEqualTo("#WELCOME#");
        byte[] ours = "#CHALLENGE#{sha256}0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        writeFrame(out, ours);
        assertThat(readFrame(in)).isEqualTo(mac.doFinal(ours));
        writeFrame(out, "#WELCOME#".getBytes(StandardCharsets.US_ASCII));
        byte[] hello = new byte[18];
        hello[0] = Protocol.HELLO;
        hello[1] = Protocol.KIND_CALLS;
        hello[2] = 42; // a session id of the attacker's choice
        writeFrame(out, hello);
        assertThat(readFrame(in)[0]).isEqualTo((byte) Protocol.OK);
        return socket;
    }

    private static byte[] readFrame(DataInputStream in) throws IOException {
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return frame;
    }

    private static void writeFrame(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
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
