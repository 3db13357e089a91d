package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.function.SerializableFunction;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.serialization.Serializer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The building block of a pool: a tiny task (a lambda and an int) sent to a child that is already
 * running, applied there, and its result sent back; one round trip, median per task.
 *
 * <p>Until the library's own connections exist this uses a Unix-domain socket and the library's
 * serializer directly, which is what a pool worker's channel will do.
 */
final class TinyTaskRoundTrip implements BenchmarkCase {

    private final int tasksPerRun;
    private final int runs;

    TinyTaskRoundTrip(int tasksPerRun, int runs) {
        this.tasksPerRun = tasksPerRun;
        this.runs = runs;
    }

    @Override
    public String name() {
        return "tiny task round trip to a running child";
    }

    @Override
    public String unit() {
        return "us";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double measureJava() throws Exception {
        ProcessContext ctx = Multiprocess.getContext("spawn");
        Serializer serializer = ctx.serializer();
        Path dir = Files.createTempDirectory("mp-bench-", PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------")));
        Path socket = dir.resolve("worker.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            String address = socket.toString();
            ChildProcess worker = ctx.process(() -> serve(address));
            worker.start();
            try (SocketChannel channel = server.accept()) {
                DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Channels.newOutputStream(channel)));
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Channels.newInputStream(channel)));
                SerializableFunction<Integer, Integer> square = x -> x * x;
                double median = Medians.of(1, runs, () -> {
                    long start = System.nanoTime();
                    for (int i = 0; i < tasksPerRun; i++) {
                        send(out, serializer.serialize(new Object[] {square, i}));
                        int result = (Integer) serializer.deserialize(receive(in));
                        if (result != i * i) {
                            throw new IllegalStateException("Wrong result " + result + " for " + i);
                        }
                    }
                    return (System.nanoTime() - start) / 1e3 / tasksPerRun;
                });
                out.writeInt(-1);
                out.flush();
                worker.join();
                return median;
            }
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    @SuppressWarnings("unchecked")
    private static void serve(String address) {
        Serializer serializer = Multiprocess.getContext().serializer();
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(address))) {
            DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Channels.newOutputStream(channel)));
            DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Channels.newInputStream(channel)));
            while (true) {
                byte[] request = receive(in);
                if (request == null) {
                    return;
                }
                Object[] task = (Object[]) serializer.deserialize(request);
                Object result = ((SerializableFunction<Object, Object>) task[0]).apply(task[1]);
                send(out, serializer.serialize(result));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void send(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    private static byte[] receive(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    @Override
    public String pythonCase() {
        return "tiny_task_round_trip";
    }
}
