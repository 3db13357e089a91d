package io.multiprocess.connection;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import io.multiprocess.InterruptedOperationException;
import io.multiprocess.MultiprocessException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.process.DefaultSettings;
import io.multiprocess.internal.posix.NativeSocket;
import io.multiprocess.util.ProcessTempDir;
import io.multiprocess.process.BaseProcess;
import io.multiprocess.process.Processes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Accepts authenticated connections on a Unix-domain socket (a path) or a TCP address. Python's
 * {@code multiprocessing.connection.Listener(address, family, backlog, authkey)}.
 *
 * <p>Every accepted connection first passes the HMAC-SHA256 handshake in both directions (see
 * {@link Client}); nothing is deserialized before. A peer with another key, one that sends garbage, or
 * one that says nothing for {@link #handshakeTimeout()} makes {@link #accept()} raise
 * {@link io.multiprocess.AuthenticationException} after closing that connection; the listener stays
 * open and the next {@code accept()} serves the next peer.
 *
 * <p>Unix-domain sockets without an explicit address are created in this process's private 0700
 * directory; the socket file is removed on {@link #close()} and when the JVM exits. Accepted
 * connections can be passed to other processes like pipe ends.
 */
public final class Listener implements AutoCloseable {

    /** The default largest frame on accepted connections: 64 MiB. */
    public static final int DEFAULT_MAX_FRAME = 64 << 20;

    /** The default time a peer gets to complete the handshake (and a started frame to complete). */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final NativeSocket socket;
    private final SocketAddress address;
    private final byte[] authkey;
    private final int maxFrameSize;
    private final Duration handshakeTimeout;
    private final Path socketFile;
    private volatile Connection lastAccepted;

    private Listener(NativeSocket socket, SocketAddress address, byte[] authkey, int maxFrameSize, Duration handshakeTimeout,
        Path socketFile) {
        this.socket = socket;
        this.address = address;
        this.authkey = authkey;
        this.maxFrameSize = maxFrameSize;
        this.handshakeTimeout = handshakeTimeout;
        this.socketFile = socketFile;
    }

    /**
     * A listener on a fresh Unix-domain socket in the private directory, with the current process's
     * authentication key.
     *
     * @return the listener
     */
    public static Listener open() {
        return open(null, 16, null);
    }

    /**
     * A listener with defaults for frame size ({@value #DEFAULT_MAX_FRAME} bytes) and handshake time.
     *
     * @param address a {@link UnixDomainSocketAddress} (the file must not exist), an
     *                {@link InetSocketAddress} (port 0 picks one), or null for a fresh Unix-domain socket
     * @param backlog how many connections may wait to be accepted
     * @param authkey the key peers must prove; null for the current process's
     *                ({@link BaseProcess#authkey()}, which children inherit)
     * @return the listener
     * @throws MultiprocessException if the address cannot be bound
     */
    public static Listener open(SocketAddress address, int backlog, byte[] authkey) {
        return open(address, backlog, authkey, DEFAULT_MAX_FRAME, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /**
     * A listener with explicit limits.
     *
     * @param address          as for {@link #open(SocketAddress, int, byte[])}
     * @param backlog          how many connections may wait to be accepted
     * @param authkey          the key; null for the current process's
     * @param maxFrameSize     the largest message accepted connections send or receive
     * @param handshakeTimeout how long a peer gets for the handshake; also how long a frame may stall
     *                         half-way on accepted connections
     * @return the listener
     */
    public static Listener open(SocketAddress address, int backlog, byte[] authkey, int maxFrameSize,
        Duration handshakeTimeout) {
        byte[] key = keyOrDefault(authkey);
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        SocketAddress bindTo = address;
        Path file = null;
        if (bindTo == null) {
            byte[] random = new byte[6];
            RANDOM.nextBytes(random);
            bindTo = UnixDomainSocketAddress.of(ProcessTempDir.get().resolve("listener-" + HexFormat.of().formatHex(random)));
        }
        if (bindTo instanceof UnixDomainSocketAddress unix) {
            file = unix.getPath();
        }
        try {
            NativeSocket socket = NativeSocket.listen(bindTo, Math.max(1, backlog));
            SocketAddress actual = bindTo;
            if (bindTo instanceof InetSocketAddress inet && inet.getPort() == 0) {
                actual = new InetSocketAddress(inet.getAddress(), socket.localPort());
            }
            Listener listener = new Listener(socket, actual, key, maxFrameSize, handshakeTimeout, file);
            if (file != null) {
                Path registered = file;
                SocketFiles.register(registered);
            }
            return listener;
        } catch (IOException e) {
            throw new MultiprocessException("Cannot listen on " + bindTo + ": " + e.getMessage(), e);
        }
    }

    static byte[] keyOrDefault(byte[] authkey) {
        if (authkey == null) {
            return Processes.current().authkey();
        }
        if (authkey.length == 0) {
            throw new IllegalArgumentException("An authentication key needs at least one byte");
        }
        return authkey.clone();
    }

    /**
     * Waits for a peer, authenticates it and returns the connection. Python's {@code accept()}.
     *
     * @return the connection, with the default context's serializer
     * @throws io.multiprocess.AuthenticationException if this peer failed the handshake (its connection
     *     is closed; call {@code accept()} again for the next)
     * @throws ProcessStateException if the listener is closed
     * @throws InterruptedOperationException if interrupted while waiting
     */
    public Connection accept() {
        return accept(null).orElseThrow();
    }

    /**
     * Waits at most {@code timeout} for a peer, then authenticates it (within the handshake timeout).
     *
     * @param timeout how long to wait for a peer; null for ever
     * @return the connection, or empty if no peer came in time
     * @throws io.multiprocess.AuthenticationException if the peer failed the handshake
     */
    public Optional<Connection> accept(Duration timeout) {
        NativeSocket accepted;
        try {
            accepted = socket.accept(Connection.deadline(timeout));
        } catch (IOException e) {
            throw new ProcessStateException("Listener on " + address + " is closed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("a connection on " + address, e);
        }
        if (accepted == null) {
            return Optional.empty();
        }
        Connection connection = new Connection(accepted, true, true, maxFrameSize, handshakeTimeout,
            DefaultSettings.get().serializer());
        Authentication.asServer(connection, authkey, System.nanoTime() + handshakeTimeout.toNanos());
        lastAccepted = connection;
        return Optional.of(connection);
    }

    /**
     * The address listened on (with the actual port when port 0 was asked for). Python's {@code address}.
     *
     * @return the address, to give to {@link Client#connect(SocketAddress, byte[])}
     */
    public SocketAddress address() {
        return address;
    }

    /**
     * The last connection accepted. Python's {@code last_accepted} (which holds the peer address).
     *
     * @return the connection, or empty
     */
    public Optional<Connection> lastAccepted() {
        return Optional.ofNullable(lastAccepted);
    }

    NativeSocket socket() {
        return socket;
    }

    /**
     * How long a peer gets for the handshake.
     *
     * @return the timeout
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** Stops listening and removes the socket file. Closing twice does nothing. */
    @Override
    public void close() {
        socket.close();
        if (socketFile != null) {
            SocketFiles.remove(socketFile);
        }
    }

    /**
     * Whether closed.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return socket.isClosed();
    }

    @Override
    public String toString() {
        return "Listener[" + address + (isClosed() ? ", closed" : "") + "]";
    }

    /** Socket files to remove at exit, if their listeners were not closed. */
    static final class SocketFiles {
        private static final Set<Path> FILES = ConcurrentHashMap.newKeySet();
        private static volatile boolean hooked;

        static synchronized void register(Path file) {
            FILES.add(file);
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> FILES.forEach(SocketFiles::delete),
                    "multiprocess-socket-cleanup"));
            }
        }

        static void remove(Path file) {
            FILES.remove(file);
            delete(file);
        }

        private static void delete(Path file) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Best effort.
            }
        }
    }
}
