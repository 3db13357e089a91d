package io.multiprocess.connection;

import com.sun.jna.Memory;
import io.multiprocess.AuthenticationException;
import io.multiprocess.InterruptedOperationException;
import io.multiprocess.MultiprocessException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.internal.posix.NativeSocket;
import io.multiprocess.internal.posix.Sockets;
import io.multiprocess.process.BaseProcess;
import io.multiprocess.process.DefaultSettings;
import io.multiprocess.process.Processes;
import io.multiprocess.serialization.DeserializationPolicy;
import io.multiprocess.util.ProcessTempDir;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Accepts authenticated connections on a Unix-domain socket (a path) or a TCP address. Python's
 * {@code multiprocessing.connection.Listener(address, family, backlog, authkey)}.
 *
 * <p>Every accepted connection first passes the HMAC-SHA256 handshake in both directions (see
 * {@link Client}); nothing is deserialized before. A peer with another key, one that sends garbage, or
 * one that says nothing for the handshake timeout makes {@link #accept()} raise
 * {@link io.multiprocess.AuthenticationException} (its connection is closed); the listener stays open
 * and the next {@code accept()} serves the next peer.
 *
 * <p>Security and limits ({@link Limits}): from the first {@code accept} on, a thread of the listener
 * accepts peers as they come and runs each handshake in a thread of its own with its own deadline
 * ({@value #DEFAULT_HANDSHAKE_TIMEOUT_SECONDS} s by default), so a peer that connects and says nothing
 * delays nobody else; {@code accept} hands out peers in the order they authenticated. At most
 * {@value #DEFAULT_MAX_PENDING_HANDSHAKES} peers (by default) may be authenticating at once: beyond, the
 * oldest is dropped. Accepted connections refuse messages above the maximum message size
 * ({@value #DEFAULT_MAX_FRAME} bytes by default, with a {@link FrameException}, closing that connection
 * only), read each message as its bytes arrive, and share one {@link ReceiveBudget} for their incomplete
 * messages (by default a quarter of the heap, at most 1 GiB and at least the maximum message size).
 *
 * <p>Unix-domain sockets without an explicit address are created in this process's private 0700
 * directory; the socket file is removed on {@link #close()} and when the JVM exits. Accepted
 * connections can be passed to other processes like pipe ends.
 */
public final class Listener implements AutoCloseable {

    /** The default largest message on accepted connections: 64 MiB. */
    public static final int DEFAULT_MAX_FRAME = 64 << 20;

    /** The default time a peer gets to complete the handshake (and a started frame to complete). */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** {@link #DEFAULT_HANDSHAKE_TIMEOUT} in seconds. */
    public static final int DEFAULT_HANDSHAKE_TIMEOUT_SECONDS = 10;

    /** The default number of peers that may be authenticating at once: 64; beyond, the oldest is dropped. */
    public static final int DEFAULT_MAX_PENDING_HANDSHAKES = 64;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** {@code EFD_SEMAPHORE}: each read of the eventfd takes one. */
    private static final int EFD_SEMAPHORE = 1;

    /**
     * What a listener allows its peers.
     *
     * @param maxMessageSize       the largest message accepted connections send or receive (bytes); a
     *                             larger frame is refused with a {@link FrameException} and its
     *                             connection closed
     * @param handshakeTimeout     how long each peer gets for the handshake; also how long a message may
     *                             stall half-way, or wait for the receive budget, on accepted connections
     * @param maxPendingHandshakes how many peers may be authenticating at once; when one more connects,
     *                             the oldest is dropped (its {@code accept} raises
     *                             {@link io.multiprocess.AuthenticationException})
     * @param receiveBudget        the bytes the incomplete messages of all accepted connections may hold
     *                             together, beyond {@value ReceiveBudget#FREE_PER_MESSAGE} bytes each;
     *                             0 for {@link ReceiveBudget#defaultCapacity(int)}; else at least
     *                             {@code maxMessageSize}
     */
    public record Limits(int maxMessageSize, Duration handshakeTimeout, int maxPendingHandshakes, long receiveBudget) {

        /**
         * Checks the limits.
         *
         * @param maxMessageSize       the largest message, in bytes
         * @param handshakeTimeout     the time each peer gets for the handshake
         * @param maxPendingHandshakes how many peers may be authenticating at once
         * @param receiveBudget        the shared budget in bytes, or 0 for the default
         * @throws IllegalArgumentException if one is out of range, with which and why
         */
        public Limits {
            if (maxMessageSize < 1) {
                throw new IllegalArgumentException("The maximum message size must be positive, not " + maxMessageSize);
            }
            Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
            if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
                throw new IllegalArgumentException("The handshake timeout must be positive, not " + handshakeTimeout);
            }
            if (maxPendingHandshakes < 1) {
                throw new IllegalArgumentException(
                        "maxPendingHandshakes must be at least 1, not " + maxPendingHandshakes);
            }
            if (receiveBudget != 0 && receiveBudget < maxMessageSize) {
                throw new IllegalArgumentException(
                        "A receive budget of " + receiveBudget + " bytes cannot hold one message "
                                + "of the maximum size (" + maxMessageSize
                                + " bytes): raise it, lower the maximum message size, or "
                                + "use 0 for the default");
            }
        }

        /**
         * The defaults: {@value #DEFAULT_MAX_FRAME}-byte messages, a {@value #DEFAULT_HANDSHAKE_TIMEOUT_SECONDS} s
         * handshake, {@value #DEFAULT_MAX_PENDING_HANDSHAKES} pending handshakes, the default receive budget.
         *
         * @return the defaults
         */
        public static Limits defaults() {
            return new Limits(DEFAULT_MAX_FRAME, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_MAX_PENDING_HANDSHAKES, 0);
        }

        /**
         * These limits with another maximum message size.
         *
         * @param bytes the largest message
         * @return the new limits
         */
        public Limits withMaxMessageSize(int bytes) {
            return new Limits(bytes, handshakeTimeout, maxPendingHandshakes, receiveBudget);
        }

        /**
         * These limits with another handshake timeout.
         *
         * @param timeout the time each peer gets
         * @return the new limits
         */
        public Limits withHandshakeTimeout(Duration timeout) {
            return new Limits(maxMessageSize, timeout, maxPendingHandshakes, receiveBudget);
        }

        /**
         * These limits with another cap on pending handshakes.
         *
         * @param count how many peers may be authenticating at once
         * @return the new limits
         */
        public Limits withMaxPendingHandshakes(int count) {
            return new Limits(maxMessageSize, handshakeTimeout, count, receiveBudget);
        }

        /**
         * These limits with another receive budget.
         *
         * @param bytes the budget, or 0 for the default
         * @return the new limits
         */
        public Limits withReceiveBudget(long bytes) {
            return new Limits(maxMessageSize, handshakeTimeout, maxPendingHandshakes, bytes);
        }

        /**
         * The receive budget in force: {@link #receiveBudget()}, or the default for 0.
         *
         * @return bytes
         */
        public long effectiveReceiveBudget() {
            return receiveBudget == 0 ? ReceiveBudget.defaultCapacity(maxMessageSize) : receiveBudget;
        }
    }

    private final NativeSocket socket;
    private final SocketAddress address;
    /** Null when peers connect without authenticating ({@link Builder#withoutAuthentication()}). */
    private final byte @Nullable [] authkey;

    private final Limits limits;
    private final DeserializationPolicy policy;
    private final int backlog;
    private final ReceiveBudget budget;
    private final @Nullable Path socketFile;
    private final Object lock = new Object();
    /** Connections whose handshake runs, oldest first (guarded by lock). */
    private final Deque<Connection> pending = new ArrayDeque<>();
    /** Authenticated connections and handshake failures, for accept() to hand out in order. */
    private final LinkedBlockingDeque<Object> outcomes = new LinkedBlockingDeque<>();

    private int queuedFailures;
    /** An eventfd (semaphore) counting the outcomes, so that {@link Connections#wait} can poll them (guarded by lock). */
    private int readyFd = -1;

    private final Memory eventValue = new Memory(8);
    private @Nullable Thread acceptor;
    private volatile boolean closed;
    private volatile @Nullable Connection lastAcceptedConnection;
    private volatile @Nullable SocketAddress lastAcceptedAddress;

    private Listener(
            NativeSocket socket,
            SocketAddress address,
            byte @Nullable [] authkey,
            Limits limits,
            DeserializationPolicy policy,
            int backlog,
            @Nullable Path socketFile) {
        this.socket = socket;
        this.address = address;
        this.authkey = authkey;
        this.limits = limits;
        this.policy = policy.forAddress(address);
        this.backlog = backlog;
        this.budget = new ReceiveBudget(limits.effectiveReceiveBudget());
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
     * A listener with the default {@link Limits}.
     *
     * @param address a {@link UnixDomainSocketAddress} (the file must not exist), an
     *                {@link io.multiprocess.AbstractUnixAddress} (no file), an
     *                {@link InetSocketAddress} (port 0 picks one), or null for a fresh Unix-domain socket
     * @param backlog how many connections may wait to be accepted
     * @param authkey the key peers must prove; null for the current process's
     *                ({@link BaseProcess#authkey()}, which children inherit)
     * @return the listener
     * @throws MultiprocessException if the address cannot be bound
     */
    public static Listener open(@Nullable SocketAddress address, int backlog, byte @Nullable [] authkey) {
        return open(address, backlog, authkey, Limits.defaults());
    }

    /**
     * A listener with another maximum message size and handshake timeout, and the other limits' defaults.
     *
     * @param address          as for {@link #open(SocketAddress, int, byte[])}
     * @param backlog          how many connections may wait to be accepted
     * @param authkey          the key; null for the current process's
     * @param maxFrameSize     the largest message accepted connections send or receive
     * @param handshakeTimeout how long a peer gets for the handshake; also how long a frame may stall
     *                         half-way on accepted connections
     * @return the listener
     */
    public static Listener open(
            @Nullable SocketAddress address,
            int backlog,
            byte @Nullable [] authkey,
            int maxFrameSize,
            Duration handshakeTimeout) {
        return open(
                address,
                backlog,
                authkey,
                Limits.defaults().withMaxMessageSize(maxFrameSize).withHandshakeTimeout(handshakeTimeout));
    }

    /**
     * A listener with explicit limits.
     *
     * @param address as for {@link #open(SocketAddress, int, byte[])}
     * @param backlog how many connections may wait to be accepted (by the kernel, and authenticated here)
     * @param authkey the key; null for the current process's
     * @param limits  what peers are allowed
     * @return the listener
     * @throws MultiprocessException if the address cannot be bound
     */
    public static Listener open(
            @Nullable SocketAddress address, int backlog, byte @Nullable [] authkey, Limits limits) {
        return open(address, backlog, authkey, limits, DeserializationPolicy.defaults());
    }

    /**
     * A listener with explicit limits and a deserialization policy for what accepted connections
     * {@linkplain Connection#recv() receive}.
     *
     * @param address as for {@link #open(SocketAddress, int, byte[])}
     * @param backlog how many connections may wait to be accepted (by the kernel, and authenticated here)
     * @param authkey the key; null for the current process's
     * @param limits  what peers are allowed
     * @param policy  what peers' messages may make this process instantiate, resolved for the bound
     *                address (by default enforced on non-loopback TCP addresses only)
     * @return the listener
     * @throws MultiprocessException if the address cannot be bound
     */
    public static Listener open(
            @Nullable SocketAddress address,
            int backlog,
            byte @Nullable [] authkey,
            Limits limits,
            DeserializationPolicy policy) {
        return openResolved(address, backlog, keyOrDefault(authkey), limits, policy);
    }

    /**
     * A builder for a listener on {@code address}: the place for options beyond {@code open}'s, such as
     * {@linkplain Builder#withoutAuthentication() accepting peers without a key}.
     *
     * @param address a {@link UnixDomainSocketAddress}, an {@link InetSocketAddress}, or null for a fresh
     *                Unix-domain socket in the private directory
     * @return the builder, with the defaults of {@link #open()}
     */
    public static Builder builder(@Nullable SocketAddress address) {
        return new Builder(address);
    }

    /** The address families: Python's {@code family} argument, which here the address type decides. */
    public enum Family {
        /** Unix-domain: a {@link UnixDomainSocketAddress} or an {@link io.multiprocess.AbstractUnixAddress}. */
        AF_UNIX,
        /** IPv4 TCP: an {@link InetSocketAddress} with an IPv4 host. */
        AF_INET,
        /** IPv6 TCP: an {@link InetSocketAddress} with an IPv6 host. */
        AF_INET6;

        /**
         * Reads Python's name.
         *
         * @param pythonName {@code "AF_UNIX"}, {@code "AF_INET"} or {@code "AF_INET6"}
         * @return the family
         * @throws IllegalArgumentException for another name (Python's {@code AF_PIPE} is Windows-only)
         */
        public static Family of(String pythonName) {
            for (Family family : values()) {
                if (family.name().equals(pythonName)) {
                    return family;
                }
            }
            throw new IllegalArgumentException("Unknown address family " + pythonName
                    + ": use AF_UNIX, AF_INET or AF_INET6 (AF_PIPE is Windows-only)");
        }

        /**
         * The family of an address: Python's {@code address_type}.
         *
         * @param address the address
         * @return its family
         * @throws IllegalArgumentException if no family here holds it
         */
        public static Family of(SocketAddress address) {
            if (address instanceof UnixDomainSocketAddress || address instanceof io.multiprocess.AbstractUnixAddress) {
                return AF_UNIX;
            }
            if (address instanceof InetSocketAddress inet) {
                return inet.getAddress() instanceof java.net.Inet6Address ? AF_INET6 : AF_INET;
            }
            throw new IllegalArgumentException("Unsupported address " + address
                    + ": use a UnixDomainSocketAddress, an AbstractUnixAddress or an InetSocketAddress");
        }

        /** A fresh address of this family, as Python's {@code arbitrary_address}: a new path, or port 0. */
        SocketAddress arbitraryAddress() {
            return switch (this) {
                case AF_UNIX -> freshSocketPath();
                case AF_INET -> new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);
                case AF_INET6 -> new InetSocketAddress(loopback6(), 0);
            };
        }

        private static java.net.InetAddress loopback6() {
            try {
                return java.net.InetAddress.getByName("::1");
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException("::1 does not parse", e);
            }
        }
    }

    /** Options for {@link Listener#builder(SocketAddress)}; each call returns this builder. */
    public static final class Builder {
        private final @Nullable SocketAddress address;
        private int backlog = 16;
        private byte @Nullable [] authkey;
        private boolean authenticate = true;
        private Limits limits = Limits.defaults();
        private DeserializationPolicy policy = DeserializationPolicy.defaults();
        private @Nullable Family family;

        private Builder(@Nullable SocketAddress address) {
            this.address = address;
        }

        /**
         * The address family: Python's {@code family}. Without an address, the listener binds a fresh one of
         * this family (a new socket path, or a free loopback port); with one, the two must agree.
         *
         * @param family the family
         * @return this builder
         */
        public Builder family(Family family) {
            this.family = Objects.requireNonNull(family, "family");
            return this;
        }

        /**
         * The address family by Python's name.
         *
         * @param pythonName {@code "AF_UNIX"}, {@code "AF_INET"} or {@code "AF_INET6"}
         * @return this builder
         * @throws IllegalArgumentException for another name
         */
        public Builder family(String pythonName) {
            return family(Family.of(pythonName));
        }

        /**
         * How many connections may wait for {@code accept}.
         *
         * @param backlog at least 1
         * @return this builder
         */
        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        /**
         * The key peers must prove (by default the current process's, {@link BaseProcess#authkey()}).
         *
         * @param authkey the key, at least one byte
         * @return this builder
         */
        public Builder authkey(byte[] authkey) {
            this.authkey = Objects.requireNonNull(authkey, "authkey").clone();
            this.authenticate = true;
            return this;
        }

        /**
         * Accepts peers without a handshake, as Python's {@code Listener(authkey=None)} does when the current
         * process has no key. Only clients that also connect {@linkplain Client.Builder#withoutAuthentication()
         * without a key} can talk to such a listener; anyone who reaches the address can, so keep it to a
         * Unix-domain path or a trusted network.
         *
         * @return this builder
         */
        public Builder withoutAuthentication() {
            this.authkey = null;
            this.authenticate = false;
            return this;
        }

        /**
         * What peers are allowed.
         *
         * @param limits the limits
         * @return this builder
         */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * What peers' messages may make this process instantiate.
         *
         * @param policy the policy, resolved for the bound address
         * @return this builder
         */
        public Builder deserializationPolicy(DeserializationPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Binds the address and starts listening.
         *
         * @return the listener
         * @throws MultiprocessException if the address cannot be bound
         */
        public Listener open() {
            SocketAddress bindTo = address;
            Family wanted = family;
            if (wanted != null) {
                if (bindTo == null) {
                    bindTo = wanted.arbitraryAddress();
                } else if (Family.of(bindTo) != wanted) {
                    throw new IllegalArgumentException(
                            "The address " + bindTo + " is " + Family.of(bindTo) + ", not the family " + wanted);
                }
            }
            return openResolved(bindTo, backlog, authenticate ? keyOrDefault(authkey) : null, limits, policy);
        }
    }

    private static Listener openResolved(
            @Nullable SocketAddress address,
            int backlog,
            byte @Nullable [] key,
            Limits limits,
            DeserializationPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(limits, "limits");
        SocketAddress bindTo = address;
        Path file = null;
        if (bindTo == null) {
            bindTo = freshSocketPath();
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
            Listener listener = new Listener(socket, actual, key, limits, policy, Math.max(1, backlog), file);
            if (file != null) {
                Path registered = file;
                SocketFiles.register(registered);
            }
            return listener;
        } catch (IOException e) {
            throw new MultiprocessException("Cannot listen on " + bindTo + ": " + e.getMessage(), e);
        }
    }

    private static UnixDomainSocketAddress freshSocketPath() {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return UnixDomainSocketAddress.of(
                ProcessTempDir.get().resolve("listener-" + HexFormat.of().formatHex(random)));
    }

    static byte[] keyOrDefault(byte @Nullable [] authkey) {
        if (authkey == null) {
            return Processes.current().authkey();
        }
        if (authkey.length == 0) {
            throw new IllegalArgumentException("An authentication key needs at least one byte");
        }
        return authkey.clone();
    }

    /**
     * Waits for a peer that passed the handshake and returns its connection. Python's {@code accept()}.
     *
     * @return the connection, with the default context's serializer
     * @throws io.multiprocess.AuthenticationException if the next peer failed the handshake, or was dropped
     *     unauthenticated (its connection is closed; call {@code accept()} again for the next)
     * @throws ProcessStateException if the listener is closed
     * @throws InterruptedOperationException if interrupted while waiting
     */
    public Connection accept() {
        return accept(null).orElseThrow();
    }

    /**
     * Waits at most {@code timeout} for a peer that passed the handshake (or failed it). Handshakes run
     * in the listener's own threads, each within the handshake timeout, so a silent peer delays nobody.
     *
     * @param timeout how long to wait; null for ever
     * @return the connection, or empty if no peer completed the handshake in time
     * @throws io.multiprocess.AuthenticationException if the next peer failed the handshake
     * @throws ProcessStateException if the listener is closed
     * @throws InterruptedOperationException if interrupted while waiting
     */
    public Optional<Connection> accept(@Nullable Duration timeout) {
        long deadline = Connection.deadline(timeout);
        startAcceptor();
        while (true) {
            if (closed) {
                throw new ProcessStateException("Listener on " + address + " is closed");
            }
            long wait = deadline == Long.MAX_VALUE ? SLICE_NANOS : Math.min(SLICE_NANOS, deadline - System.nanoTime());
            Object outcome;
            try {
                outcome = outcomes.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedOperationException("a connection on " + address, e);
            }
            if (outcome != null) {
                return Optional.of(handOut(outcome));
            }
            if (deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0) {
                return Optional.empty();
            }
        }
    }

    private Connection handOut(Object outcome) {
        synchronized (lock) {
            if (!(outcome instanceof Connection)) {
                queuedFailures--;
            }
            eventfd(false);
            lock.notifyAll(); // room for the acceptor
        }
        if (outcome instanceof Connection connection) {
            if (closed) {
                connection.closeQuietly();
                throw new ProcessStateException("Listener on " + address + " is closed");
            }
            lastAcceptedAddress = connection.socket().peerAddress();
            lastAcceptedConnection = connection;
            return connection;
        }
        throw (RuntimeException) outcome;
    }

    private void startAcceptor() {
        synchronized (lock) {
            if (acceptor != null || closed) {
                return;
            }
            readyFd = Sockets.eventfd(0, Sockets.EFD_CLOEXEC_NONBLOCK | EFD_SEMAPHORE);
            if (readyFd < 0) {
                throw new MultiprocessException("eventfd failed: " + Sockets.describe(Sockets.errno()));
            }
            acceptor = new Thread(this::acceptLoop, "multiprocess-listener-" + address);
            acceptor.setDaemon(true);
            acceptor.start();
        }
    }

    /** The listener's acceptor thread: takes peers as they come and starts a handshake thread for each. */
    private void acceptLoop() {
        while (!closed) {
            try {
                synchronized (lock) {
                    // Authenticated connections nobody took yet stay bounded; later peers wait in the kernel's backlog.
                    while (!closed && outcomes.size() - queuedFailures >= backlog) {
                        lock.wait(SLICE_NANOS / 1_000_000);
                    }
                }
                NativeSocket accepted = socket.accept(System.nanoTime() + SLICE_NANOS);
                if (accepted != null) {
                    begin(accepted);
                }
            } catch (IOException e) {
                if (closed || socket.isClosed()) {
                    return;
                }
                failed(new MultiprocessException(
                        "Cannot accept a connection on " + address + ": " + e.getMessage(), e));
                synchronized (lock) {
                    try {
                        lock.wait(SLICE_NANOS / 1_000_000);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void begin(NativeSocket accepted) {
        Connection connection = new Connection(
                accepted,
                true,
                true,
                limits.maxMessageSize(),
                limits.handshakeTimeout(),
                DefaultSettings.get().serializer(),
                budget,
                false);
        connection.setDeserializationPolicy(policy);
        Connection dropped = null;
        synchronized (lock) {
            if (closed) {
                connection.closeQuietly();
                return;
            }
            pending.addLast(connection);
            if (pending.size() > limits.maxPendingHandshakes()) {
                dropped = pending.pollFirst();
            }
        }
        if (dropped != null) {
            dropped.closeQuietly(); // its handshake thread fails at once and reports the drop
        }
        try {
            Thread handshake = new Thread(() -> handshake(connection), "multiprocess-listener-handshake");
            handshake.setDaemon(true);
            handshake.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            synchronized (lock) {
                pending.remove(connection);
            }
            connection.closeQuietly();
            failed(new AuthenticationException("Cannot start the handshake of a peer on " + address + ": " + e, e));
        }
    }

    private void handshake(Connection connection) {
        RuntimeException failure = null;
        try {
            byte[] key = authkey;
            if (key != null) {
                Authentication.asServer(
                        connection,
                        key,
                        System.nanoTime() + limits.handshakeTimeout().toNanos());
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        boolean stillPending;
        synchronized (lock) {
            stillPending = pending.remove(connection);
        }
        if (closed) {
            connection.closeQuietly();
            return;
        }
        if (!stillPending) {
            connection.closeQuietly();
            failed(new AuthenticationException(
                    "Dropped a peer on " + address + " before it authenticated: more than "
                            + limits.maxPendingHandshakes()
                            + " peers were authenticating at once, and the oldest is dropped first "
                            + "(Listener.Limits.maxPendingHandshakes)",
                    failure));
        } else if (failure != null) {
            connection.closeQuietly();
            failed(
                    failure instanceof AuthenticationException
                            ? failure
                            : new AuthenticationException(
                                    "The peer did not complete the authentication handshake: " + failure, failure));
        } else {
            queue(connection);
        }
    }

    /** Queues an outcome for accept() and counts it on the eventfd that {@link Connections#wait} polls. */
    private void queue(Object outcome) {
        synchronized (lock) {
            if (closed) {
                if (outcome instanceof Connection connection) {
                    connection.closeQuietly();
                }
                return;
            }
            outcomes.add(outcome);
            eventfd(true);
        }
    }

    /** Adds one to the eventfd, or takes one from it (guarded by lock). */
    private void eventfd(boolean add) {
        if (readyFd < 0) {
            return;
        }
        eventValue.setLong(0, 1);
        if (add) {
            Sockets.write(readyFd, NativeSocket.address(eventValue), 8);
        } else {
            Sockets.read(readyFd, NativeSocket.address(eventValue), 8);
        }
    }

    /**
     * The descriptor {@link Connections#wait} polls: readable while a peer that completed (or failed) the
     * handshake waits to be accepted. Starts the acceptor.
     */
    int readinessFd() {
        startAcceptor();
        synchronized (lock) {
            return closed ? -1 : readyFd;
        }
    }

    /** Queues a failure for accept() to raise, keeping at most maxPendingHandshakes of them (the newest). */
    private void failed(RuntimeException failure) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (queuedFailures >= limits.maxPendingHandshakes()) {
                for (Object queued : outcomes) {
                    if (!(queued instanceof Connection) && outcomes.removeFirstOccurrence(queued)) {
                        queuedFailures--;
                        eventfd(false);
                        break;
                    }
                }
            }
            queuedFailures++;
            queue(failure);
        }
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
     * The last connection accepted (its peer's address is {@link #lastAccepted()}).
     *
     * @return the connection, or empty
     */
    public Optional<Connection> lastAcceptedConnection() {
        return Optional.ofNullable(lastAcceptedConnection);
    }

    /**
     * The address of the peer last accepted: Python's {@code last_accepted}. For TCP, the client's IP and
     * port; for a Unix-domain socket, the client's path, which is empty for a client that did not bind one
     * (the usual case, where Python reports an empty string too).
     *
     * @return the peer's address, or empty before the first accept (or if the system did not report one)
     */
    public Optional<SocketAddress> lastAccepted() {
        return Optional.ofNullable(lastAcceptedAddress);
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
        return limits.handshakeTimeout();
    }

    /**
     * What this listener allows its peers.
     *
     * @return the limits
     */
    public Limits limits() {
        return limits;
    }

    /**
     * What accepted connections' messages may make this process instantiate, resolved for this
     * listener's address.
     *
     * @return the policy, enforced or not
     */
    public DeserializationPolicy deserializationPolicy() {
        return policy;
    }

    /**
     * The budget the incomplete messages of the accepted connections share.
     *
     * @return the budget
     */
    public ReceiveBudget receiveBudget() {
        return budget;
    }

    /**
     * Stops listening, closes the connections still authenticating or not yet accepted, and removes the
     * socket file. Closing twice does nothing.
     */
    @Override
    public void close() {
        List<Connection> left;
        synchronized (lock) {
            closed = true;
            left = new ArrayList<>(pending);
            pending.clear();
            lock.notifyAll();
            if (readyFd >= 0) {
                Sockets.close(readyFd);
                readyFd = -1;
            }
        }
        socket.close();
        left.forEach(Connection::closeQuietly);
        Object outcome;
        while ((outcome = outcomes.poll()) != null) {
            if (outcome instanceof Connection connection) {
                connection.closeQuietly();
            }
        }
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
        return closed || socket.isClosed();
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
                Runtime.getRuntime()
                        .addShutdownHook(
                                new Thread(() -> FILES.forEach(SocketFiles::delete), "multiprocess-socket-cleanup"));
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
