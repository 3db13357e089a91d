package io.multiprocess.managers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.process.JavaRuntimes;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote managers between separate JVMs (not parent and children): Python's QueueManager example over
 * TCP and over TLS, a wrong key, and a client killed while it holds objects and a lock.
 */
@Timeout(300)
@ExtendWith(NoLeftoversExtension.class)
class RemoteManagerIT {

    private static final Duration LIMIT = ChildFiles.TIMEOUT;
    private static final String KEY = "abracadabra";

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    /** After a failed test, no JVM of it stays behind (a passing test has ended them all). */
    @AfterEach
    void killWhatIsLeft() throws InterruptedException {
        for (Process process : started) {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    private Process jvm(String mode, int port, String key, Path file, Path keyStore) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                JavaRuntimes.parentExecutable().toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                RemoteManagerMain.class.getName(),
                mode,
                Integer.toString(port),
                key,
                file.toString()));
        if (keyStore != null) {
            command.add(keyStore.toString());
        }
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        started.add(process);
        return process;
    }

    private static int exit(Process process) throws InterruptedException {
        assertThat(process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private void stopServer(Process server) throws Exception {
        server.getOutputStream().close();
        assertThat(exit(server)).isZero();
    }

    private int serve(Path keyStore) throws Exception {
        Path portFile = dir.resolve("port");
        Process server = jvm("serve", 0, KEY, portFile, keyStore);
        return Integer.parseInt(ChildFiles.await(portFile));
    }

    @Test
    void pythonsQueueManagerExampleOneJvmServesOnePutsOneGets() throws Exception {
        int port = serve(null);
        Path got = dir.resolve("got");
        Process getter = jvm("get", port, KEY, got, null);
        Path text = dir.resolve("text");
        ChildFiles.write(text, "hello from another JVM");
        assertThat(exit(jvm("put", port, KEY, text, null))).isZero();
        assertThat(exit(getter)).isZero();
        assertThat(ChildFiles.read(got)).isEqualTo("hello from another JVM");
        assertThat(exit(jvm("put", port, "the wrong key", text, null))).isEqualTo(3);
        stopServer(started.get(0));
    }

    @Test
    void theQueueManagerExampleOverTls() throws Exception {
        Path keyStore = TlsFixtures.generateKeyStore(dir, "manager");
        int port = serve(keyStore);
        Path text = dir.resolve("text");
        ChildFiles.write(text, "hello over TLS");
        assertThat(exit(jvm("put", port, KEY, text, keyStore))).isZero();
        Path got = dir.resolve("got");
        assertThat(exit(jvm("get", port, KEY, got, keyStore))).isZero();
        assertThat(ChildFiles.read(got)).isEqualTo("hello over TLS");
        Path otherStore = TlsFixtures.generateKeyStore(dir, "stranger");
        assertThat(exit(jvm("put", port, KEY, text, otherStore))).isEqualTo(3);
        stopServer(started.get(0));
    }

    @Test
    void theServerSurvivesAClientKilledWhileHoldingObjectsAndALockAndReleasesThem() throws Exception {
        int port = serve(null);
        RemoteManagerMain.QueueManager observer = new RemoteManagerMain.QueueManager(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                KEY.getBytes(StandardCharsets.UTF_8),
                false);
        observer.connect();
        int before = observer.numberOfObjects();
        Path ready = dir.resolve("ready");
        Process holder = jvm("hold", port, KEY, ready, null);
        ChildFiles.await(ready);
        assertThat(observer.numberOfObjects()).isEqualTo(before + 3);
        holder.destroyForcibly();
        assertThat(holder.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Awaitility.await().atMost(LIMIT).until(() -> observer.numberOfObjects() == before);
        LockProxy lock = observer.create("get_lock"); // the lock the killed client held
        assertThat(lock.acquire(LIMIT)).isTrue();
        lock.release();
        stopServer(started.get(0));
    }

    @Test
    void aClientWaitingOnAServerJvmKilledBySigkillFailsAtOnceAndNeverHangs() throws Exception {
        int port = serve(null);
        RemoteManagerMain.QueueManager client = new RemoteManagerMain.QueueManager(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                KEY.getBytes(StandardCharsets.UTF_8),
                false);
        client.connect();
        BlockingQueue<Object> queue = client.create("get_queue");
        CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                queue.take();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Awaitility.await().during(Duration.ofMillis(200)).atMost(LIMIT).until(() -> !waiting.isDone());
        Process server = started.get(0);
        server.destroyForcibly();
        assertThat(server.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        SharedMemoryManagerContract.removeTempDirOf(server.pid()); // if it made one: SIGKILL leaves it
        assertThat(waiting.get(LIMIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ManagerUnreachableException.class)
                .hasMessageContaining(Integer.toString(port));
        assertThatThrownBy(queue::size).isInstanceOf(ManagerUnreachableException.class);
        assertThatThrownBy(() -> client.create("get_queue")).isInstanceOf(ManagerUnreachableException.class);
        client.close();
    }

    @Test
    void anUnreachableAddressFailsClearly() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path got = dir.resolve("got");
        Files.deleteIfExists(got);
        RemoteManagerMain.QueueManager client = new RemoteManagerMain.QueueManager(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                KEY.getBytes(StandardCharsets.UTF_8),
                false);
        Assertions.assertThatThrownBy(client::connect)
                .isInstanceOf(ManagerUnreachableException.class)
                .hasMessageContaining(Integer.toString(port));
    }
}
