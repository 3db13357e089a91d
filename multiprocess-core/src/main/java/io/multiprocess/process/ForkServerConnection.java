package io.multiprocess.process;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.ProcessStartException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client's connection to its forkserver: the server process, the socket, and the thread that reads the
 * server's answers and exit reports. Python's {@code ForkServer} object.
 *
 * <p>Internal API.
 */
final class ForkServerConnection {

    /** How long the server may take to boot and connect, and to answer a request. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** A child the server started: its pid and the future of its exit code. */
    record Started(long pid, CompletableFuture<Integer> exit) {}

    /** The server's idle spare JVMs and those of them that are ready. */
    record Status(List<Long> idle, List<Long> ready) {}

    private final Process server;
    private final SocketChannel channel;
    private final DataOutputStream out;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<Started>> starts = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Integer>> exits = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Status>> statuses = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private ForkServerConnection(Process server, SocketChannel channel) {
        this.server = server;
        this.channel = channel;
        this.out = new DataOutputStream(new BufferedOutputStream(ChannelStreams.out(channel), 1 << 16));
        DataInputStream in = new DataInputStream(new BufferedInputStream(ChannelStreams.in(channel), 1 << 16));
        Thread reader = new Thread(() -> readLoop(in), "multiprocess-forkserver-client");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a server and connects to it.
     *
     * @return the connection
     * @throws ProcessStartException if the server cannot be started or does not connect within {@link #TIMEOUT}
     */
    static ForkServerConnection open() {
        Path dir = null;
        Path socket = null;
        try {
            dir = Files.createTempDirectory("mp-forkserver-");
            socket = dir.resolve("s");
            try (ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                listener.bind(UnixDomainSocketAddress.of(socket));
                List<String> command = ChildJvmCommand.serverCommand();
                Process server = Spawner.start(
                        new ProcessBuilder(command)
                                .redirectInput(Redirect.PIPE)
                                .redirectOutput(Redirect.INHERIT)
                                .redirectError(Redirect.INHERIT),
                        "the forkserver");
                try {
                    return handshake(server, listener, socket);
                } catch (IOException | RuntimeException e) {
                    server.destroyForcibly();
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new ProcessStartException(
                    "Cannot start the forkserver: " + e + ". Use the 'spawn' start method if this " + "persists", e);
        } finally {
            try {
                if (socket != null) {
                    Files.deleteIfExists(socket);
                }
                if (dir != null) {
                    Files.deleteIfExists(dir);
                }
            } catch (IOException ignored) {
                // A leftover empty directory in the temporary directory.
            }
        }
    }

    private static ForkServerConnection handshake(Process server, ServerSocketChannel listener, Path socket)
            throws IOException {
        byte[] token = new byte[32];
        new SecureRandom().nextBytes(token);
        try (DataOutputStream handshake = new DataOutputStream(server.getOutputStream())) {
            ForkServerProtocol.writeBytes(handshake, token);
            ForkServerProtocol.writeString(handshake, socket.toString());
            handshake.writeLong(ProcessHandle.current().pid());
        }
        // accept() is unblocked by closing the listener: when the server dies, or when it is too slow.
        server.onExit().thenRun(() -> closeQuietly(listener));
        CompletableFuture.delayedExecutor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> closeQuietly(listener));
        SocketChannel channel;
        try {
            channel = listener.accept();
        } catch (IOException e) {
            throw new IOException(
                    "the forkserver (pid " + server.pid() + ") did not connect within " + TIMEOUT.toSeconds() + " s"
                            + (server.isAlive() ? "" : "; it exited with status " + server.exitValue()),
                    e);
        }
        DataInputStream in = new DataInputStream(ChannelStreams.in(channel));
        byte[] answer = ForkServerProtocol.readBytes(in, 1024);
        long serverPid = in.readLong();
        if (!Arrays.equals(token, answer) || serverPid != server.pid()) {
            channel.close();
            throw new IOException("a process other than the forkserver connected to its socket");
        }
        return new ForkServerConnection(server, channel);
    }

    private static void closeQuietly(ServerSocketChannel listener) {
        try {
            listener.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    /**
     * The server's pid.
     *
     * @return the pid
     */
    long serverPid() {
        return server.pid();
    }

    /**
     * Whether the connection ended (the server died or the connection was closed).
     *
     * @return true once ended
     */
    boolean isClosed() {
        return closed;
    }

    /**
     * Asks the server to start a child with a frame.
     *
     * @return the child
     * @throws ProcessStartException if the server cannot start it, went away, or does not answer in time
     * @throws InterruptedOperationException if the calling thread is interrupted (the child, if the server
     *     starts it anyway, is killed)
     */
    Started start(ForkServerProtocol.Configuration configuration, String output, String error, byte[] frame) {
        long id = ids.incrementAndGet();
        CompletableFuture<Started> answer = new CompletableFuture<>();
        starts.put(id, answer);
        try {
            synchronized (out) {
                ensureOpen();
                out.writeInt(ForkServerProtocol.START);
                out.writeLong(id);
                configuration.writeTo(out);
                ForkServerProtocol.writeString(out, output);
                ForkServerProtocol.writeString(out, error);
                ForkServerProtocol.writeBytes(out, frame);
                out.flush();
            }
        } catch (IOException e) {
            starts.remove(id);
            throw wentAway(e);
        }
        return await(answer, () -> starts.remove(id), "the start of a child");
    }

    /**
     * Sends a signal to a child of the server; nothing happens if it ended or the server is gone.
     *
     * @param pid    the child
     * @param signal 15 (SIGTERM) or 9 (SIGKILL)
     */
    void signal(long pid, int signal) {
        try {
            synchronized (out) {
                ensureOpen();
                out.writeInt(ForkServerProtocol.SIGNAL);
                out.writeLong(pid);
                out.writeInt(signal);
                out.flush();
            }
        } catch (IOException goneAlready) {
            // The server's children die with it.
        }
    }

    /**
     * Asks the server to keep spares of a configuration ready.
     *
     * @param configuration the configuration
     * @throws ProcessStartException if the server went away
     */
    void prepare(ForkServerProtocol.Configuration configuration) {
        try {
            synchronized (out) {
                ensureOpen();
                out.writeInt(ForkServerProtocol.PREPARE);
                configuration.writeTo(out);
                out.flush();
            }
        } catch (IOException e) {
            throw wentAway(e);
        }
    }

    /**
     * The server's idle and ready spares.
     *
     * @return the status
     * @throws ProcessStartException if the server went away or does not answer in time
     */
    Status status() {
        long id = ids.incrementAndGet();
        CompletableFuture<Status> answer = new CompletableFuture<>();
        statuses.put(id, answer);
        try {
            synchronized (out) {
                ensureOpen();
                out.writeInt(ForkServerProtocol.STATUS);
                out.writeLong(id);
                out.flush();
            }
        } catch (IOException e) {
            statuses.remove(id);
            throw wentAway(e);
        }
        return await(answer, () -> statuses.remove(id), "the forkserver's status");
    }

    /**
     * Closes the connection: the server then kills its spares and the children it started that still run,
     * and exits. Waits (bounded) until it has.
     *
     * @param wait how long to wait for the server to exit
     */
    void close(Duration wait) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closed already.
        }
        if (wait.isZero()) {
            return;
        }
        try {
            server.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            server.destroyForcibly();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the connection to the forkserver is closed");
        }
    }

    private ProcessStartException wentAway(Exception cause) {
        return new ProcessStartException(
                "The forkserver (pid " + server.pid() + ") went away: " + cause + "; the next start starts a new one",
                cause);
    }

    private <T> T await(CompletableFuture<T> answer, Runnable abandon, String what) {
        try {
            return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandon.run();
            throw new ProcessStartException(
                    "The forkserver (pid " + server.pid() + ") did not answer " + what + " within "
                            + TIMEOUT.toSeconds() + " s",
                    e);
        } catch (InterruptedException e) {
            abandon.run();
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException(what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProcessStartException start) {
                throw start;
            }
            throw wentAway(e);
        }
    }

    private void readLoop(DataInputStream in) {
        try {
            while (true) {
                int type = in.readInt();
                switch (type) {
                    case ForkServerProtocol.STARTED -> started(in.readLong(), in.readLong());
                    case ForkServerProtocol.FAILED -> {
                        long id = in.readLong();
                        String message = ForkServerProtocol.readString(in);
                        CompletableFuture<Started> answer = starts.remove(id);
                        if (answer != null) {
                            answer.completeExceptionally(new ProcessStartException(message, null));
                        }
                    }
                    case ForkServerProtocol.EXITED -> {
                        long pid = in.readLong();
                        int status = in.readInt();
                        CompletableFuture<Integer> exit = exits.remove(pid);
                        if (exit != null) {
                            exit.complete(ExitCodes.fromStatus(status));
                        }
                    }
                    case ForkServerProtocol.STATE -> {
                        long id = in.readLong();
                        Status status = new Status(ForkServerProtocol.readLongs(in), ForkServerProtocol.readLongs(in));
                        CompletableFuture<Status> answer = statuses.remove(id);
                        if (answer != null) {
                            answer.complete(status);
                        }
                    }
                    default -> throw new IOException("Unknown forkserver message " + type);
                }
            }
        } catch (IOException | RuntimeException ended) {
            ended();
        }
    }

    private void started(long id, long pid) {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        exits.put(pid, exit);
        CompletableFuture<Started> answer = starts.remove(id);
        if (answer == null || !answer.complete(new Started(pid, exit))) {
            // The caller gave up waiting (interrupted or timed out): nobody owns this child.
            signal(pid, 9);
        }
    }

    /** The server is gone: so are its children, killed by their parent-death signal. */
    private void ended() {
        closed = true;
        ProcessStartException gone =
                new ProcessStartException("The forkserver (pid " + server.pid() + ") went away", null);
        starts.values().removeIf(answer -> answer.completeExceptionally(gone) || true);
        statuses.values().removeIf(answer -> answer.completeExceptionally(gone) || true);
        exits.values().removeIf(exit -> exit.complete(-9) || true);
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closed already.
        }
    }
}
