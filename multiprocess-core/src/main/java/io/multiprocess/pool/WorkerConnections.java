package io.multiprocess.pool;

import io.multiprocess.MultiprocessException;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.util.ProcessLogging;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * The pool's end of its workers' sockets: accepts connections, checks each one's HELLO before anything
 * from it is deserialized, then runs a reader thread per worker that hands what arrives to the
 * pool through {@link WorkerEvents}, all it knows of the pool ({@link ProcessPool} implements it). Internal.
 */
final class WorkerConnections {

    /** How long a connecting worker has to say hello. */
    private static final long HELLO_TIMEOUT_SECONDS = 30;

    private static final Logger LOG = ProcessLogging.getLogger(Pool.class);

    private final WorkerEvents pool;
    private final ServerSocketChannel server;
    private final ScheduledExecutorService maintenance;
    private final Serializer serializer;

    WorkerConnections(
            WorkerEvents pool,
            ServerSocketChannel server,
            ScheduledExecutorService maintenance,
            Serializer serializer) {
        this.pool = pool;
        this.server = server;
        this.maintenance = maintenance;
        this.serializer = serializer;
    }

    /** The acceptor thread: runs until the server socket is closed. */
    void acceptLoop() {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException closed) {
                return;
            }
            ScheduledFuture<?> watchdog;
            try {
                watchdog = maintenance.schedule(() -> closeQuietly(channel), HELLO_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (RejectedExecutionException poolFinished) {
                closeQuietly(channel);
                return;
            }
            try {
                handshake(channel);
            } catch (IOException | RuntimeException e) {
                if (!pool.isShutdown()) {
                    LOG.warn(
                            "{}: a connection to the pool's socket failed its handshake and was closed: {}",
                            pool,
                            e.toString());
                } else {
                    // A worker started just before the pool was shut down or terminated: expected, not worth a warning.
                    LOG.debug("{}: a late worker's connection was closed: {}", pool, e.toString());
                }
                closeQuietly(channel);
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    /** Reads and checks HELLO (a fixed-size frame of raw bytes), then starts the worker's reader and writer. */
    private void handshake(SocketChannel channel) throws IOException {
        ByteBuffer hello = ByteBuffer.allocate(5 + Frames.HELLO_BODY).order(ByteOrder.LITTLE_ENDIAN);
        while (hello.hasRemaining()) {
            if (channel.read(hello) < 0) {
                throw new IOException("closed before its hello");
            }
        }
        hello.flip();
        int length = hello.getInt();
        byte type = hello.get();
        if (length != 1 + Frames.HELLO_BODY || (type != Frames.HELLO && type != Frames.CONTROL_HELLO)) {
            throw new IOException("not a pool worker's hello");
        }
        byte[] token = new byte[Frames.TOKEN_BYTES];
        hello.get(token);
        hello.getLong();
        int id = hello.getInt();
        if (type == Frames.CONTROL_HELLO) {
            // The pool only writes to this one; the data connection tells when the worker is gone.
            if (!pool.attachControl(id, token, channel)) {
                throw new IOException("unknown worker or wrong token on a control connection");
            }
            return;
        }
        WorkerHandle worker = pool.attach(id, token, channel);
        if (worker == null) {
            throw new IOException("unknown worker or wrong token");
        }
        Thread reader = new Thread(() -> readLoop(worker, channel), pool.threadName("reader"));
        reader.setDaemon(true);
        Thread writer = new Thread(() -> worker.writeLoop(channel), pool.threadName("writer"));
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** A worker's reader thread: runs until its socket ends. */
    private void readLoop(WorkerHandle worker, SocketChannel channel) {
        Frames.Reader in = new Frames.Reader(channel);
        try {
            while (in.next()) {
                switch (in.type) {
                    case Frames.RESULT -> pool.onResult(worker, in);
                    case Frames.RECLAIMED -> pool.onReclaimed(worker, readIds(in));
                    case Frames.READY -> pool.onReady(worker);
                    case Frames.INIT_FAILED -> {
                        Object error = decodeQuietly(in.array, in.bodyOffset, in.bodyLength);
                        pool.initFailed(
                                worker,
                                error instanceof Throwable t
                                        ? t
                                        : new MultiprocessException(
                                                "The initializer failed (its exception could not be read)"));
                    }
                    case Frames.DYING ->
                        pool.dying(worker, new String(in.array, in.bodyOffset, in.bodyLength, StandardCharsets.UTF_8));
                    default ->
                        throw new Frames.ProtocolException(
                                "Unexpected message type " + in.type + " from worker " + worker);
                }
            }
        } catch (Frames.ProtocolException | RuntimeException e) {
            pool.protocolError(worker, e);
        } catch (IOException connectionLost) {
            // The worker died or was killed: its exit tells the rest.
        } finally {
            closeQuietly(channel);
            pool.channelClosed(worker);
        }
    }

    private static long[] readIds(Frames.Reader in) throws Frames.ProtocolException {
        ByteSink.Reader body = new ByteSink.Reader(in.array, in.bodyOffset, in.bodyLength);
        int count = body.getInt();
        if (count < 0 || count * 8L != body.remaining()) {
            throw new Frames.ProtocolException(
                    "Corrupt RECLAIMED message: " + count + " ids in " + in.bodyLength + " bytes");
        }
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = body.getLong();
        }
        return ids;
    }

    private @Nullable Object decodeQuietly(byte[] bytes, int offset, int length) {
        try {
            return serializer.deserialize(bytes, offset, length);
        } catch (RuntimeException | LinkageError e) {
            return e;
        }
    }
}
