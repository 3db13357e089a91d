package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.forkserver.ForkServer;
import io.multiprocess.process.ChildProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The start-up of 2 processes, as a pool of 2 workers needs it (written as a stand-in before the library's
 * Pool existed; {@link PoolFirstTask} now measures the Pool itself): the time from
 * starting 2 processes until both run and have reported over a socket that they are ready for work. Its
 * CPython twin creates {@code Pool(2)} with an initializer that reports each worker ready. For forkserver,
 * the benchmark waits (untimed) until 2 spares are ready before each run.
 */
final class TwoProcessesReady implements BenchmarkCase {

    private final String method;
    private final int runs;

    TwoProcessesReady(String method, int runs) {
        this.method = method;
        this.runs = runs;
    }

    @Override
    public String name() {
        return method + ": 2 processes started and ready (stand-in for Pool(2) start-up)";
    }

    @Override
    public String unit() {
        return "ms";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double measureJava() throws Exception {
        boolean forkserver = method.equals("forkserver");
        ProcessContext ctx = Multiprocess.getContext(method).withForkserverSpares(2);
        SpawnStartJoin.awaitArchive(ctx);
        if (forkserver) {
            ForkServer.ensureRunning(ctx.settings());
        }
        Path dir = Files.createTempDirectory(
                "mp-bench-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("ready.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            String address = socket.toString();
            return Medians.of(2, runs, () -> {
                if (forkserver) {
                    ForkserverStartJoin.awaitReadySpares(2);
                }
                List<ChildProcess> workers = new ArrayList<>();
                List<SocketChannel> connections = new ArrayList<>();
                long start = System.nanoTime();
                for (int i = 0; i < 2; i++) {
                    ChildProcess worker = ctx.process(() -> reportReadyAndWait(address));
                    worker.start();
                    workers.add(worker);
                }
                for (int i = 0; i < 2; i++) {
                    SocketChannel connection = server.accept();
                    connection.read(ByteBuffer.allocate(1));
                    connections.add(connection);
                }
                double millis = (System.nanoTime() - start) / 1e6;
                for (SocketChannel connection : connections) {
                    connection.close();
                }
                for (ChildProcess worker : workers) {
                    worker.join();
                }
                return millis;
            });
        } finally {
            if (forkserver) {
                ForkServer.stop();
            }
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    /** The worker: says it is ready, then waits until the benchmark closes the connection. */
    private static void reportReadyAndWait(String address) {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(address))) {
            channel.write(ByteBuffer.wrap(new byte[] {1}));
            channel.read(ByteBuffer.allocate(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String pythonCase() {
        return "pool2_ready_" + method;
    }
}
