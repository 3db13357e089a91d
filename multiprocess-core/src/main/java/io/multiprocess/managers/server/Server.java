package io.multiprocess.managers.server;

import io.multiprocess.AuthenticationException;
import io.multiprocess.InterruptedOperationException;
import io.multiprocess.MultiprocessException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.connection.Connection;
import io.multiprocess.connection.Listener;
import io.multiprocess.connection.ReceiveBudget;
import io.multiprocess.managers.transport.Addresses;
import io.multiprocess.managers.transport.ConnectionTransport;
import io.multiprocess.managers.transport.TlsTransport;
import io.multiprocess.managers.transport.Transport;
import io.multiprocess.serialization.DeserializationPolicy;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.util.ProcessLogging;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * A manager's server: owns the served objects and answers the calls of their proxies, with a thread
 * per client connection. Python's {@code multiprocessing.managers.Server}.
 *
 * <p>Obtained from {@link io.multiprocess.managers.BaseManager#getServer()} (it listens from then on) and run with
 * {@link #serveForever()} in the calling thread; {@link io.multiprocess.managers.BaseManager#start()} runs one in a child process.
 * It stops when a client asks it to ({@code shutdown()} of the manager that started it), or on
 * {@link #stop()}; then it closes every connection, so that waiting clients fail at once, and drops its
 * objects.
 *
 * <p>Security: every connection passes the HMAC challenge and response of the manager's authentication
 * key before a byte of it is deserialized (and, with TLS, the TLS handshake first). A peer that fails is
 * disconnected and the server serves on. On loopback addresses and Unix-domain sockets authenticated
 * clients are trusted by default: the serializer runs what they send, as pickle does for Python's
 * managers. On other addresses a {@link DeserializationPolicy} allow-list is enforced by default: a value
 * naming a class outside it is refused (the call fails with a message naming the class and the setting),
 * the refusal is logged, and the server serves on.
 *
 * <p>Limits ({@link Listener.Limits}, set with {@link io.multiprocess.managers.BaseManager#withMaxMessageSize}):
 * each handshake runs in a thread of its own with its own deadline (10 s by default), so peers that
 * connect and say nothing delay no other client; at most 64 peers (by default) may be authenticating at
 * once, the oldest being dropped beyond. A message above the maximum message size (64 MiB by default) is
 * refused and its connection closed; messages are read as their bytes arrive, and the incomplete
 * messages of all connections share one {@link io.multiprocess.connection.ReceiveBudget} (by default a
 * quarter of the heap, at most 1 GiB, at least the maximum message size), so peers that announce large
 * messages and stall hold no more than that. With TLS the same limits hold.
 */
public final class Server {

    private static final Logger LOG = ProcessLogging.getLogger(Server.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final int ACCEPT_SLICE_MILLIS = 200;

    private final long id;
    private final Map<String, TypeSpec> registry;
    private final byte[] authkey;
    private final Serializer serializer;
    private final DeserializationPolicy policy;
    private final ObjectTable table;
    private final ReferenceFactory references;
    private final @Nullable Listener listener;
    private final @Nullable SSLServerSocket tlsSocket;
    private final Listener.Limits limits;
    private final @Nullable ReceiveBudget tlsBudget;
    /** TLS sockets whose handshakes run, oldest first (guarded by itself). */
    private final Deque<SSLSocket> tlsPending = new ArrayDeque<>();

    private final SocketAddress address;
    private final String addressText;
    private final String name;
    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, Object> shared = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile boolean serving;

    /**
     * Creates a server and binds its address; it serves from {@link #serveForever()} on.
     *
     * @param name       names its threads and log lines
     * @param registry   the types it serves, by type id
     * @param address    where it listens: a Unix-domain or TCP address, or null for a fresh Unix-domain one
     * @param authkey    the key clients authenticate with
     * @param serializer writes and reads the values of calls
     * @param tls        creates its TLS server socket, or null to listen without TLS
     * @param references makes the references its replies carry for objects served from method results
     * @throws io.multiprocess.MultiprocessException if the address cannot be bound
     */
    public Server(
            String name,
            Map<String, TypeSpec> registry,
            @Nullable SocketAddress address,
            byte[] authkey,
            Serializer serializer,
            @Nullable SSLContext tls,
            ReferenceFactory references) {
        this(name, registry, address, authkey, serializer, tls, references, Listener.Limits.defaults());
    }

    /**
     * Creates a server with explicit limits for its peers, and binds its address.
     *
     * @param name       names its threads and log lines
     * @param registry   the types it serves, by type id
     * @param address    where it listens: a Unix-domain or TCP address, or null for a fresh Unix-domain one
     * @param authkey    the key clients authenticate with
     * @param serializer writes and reads the values of calls
     * @param tls        creates its TLS server socket, or null to listen without TLS
     * @param references makes the references its replies carry for objects served from method results
     * @param limits     the largest message, the handshake timeout, the cap on pending handshakes and the
     *                   receive budget (see {@link Listener.Limits})
     * @throws io.multiprocess.MultiprocessException if the address cannot be bound
     */
    public Server(
            String name,
            Map<String, TypeSpec> registry,
            @Nullable SocketAddress address,
            byte[] authkey,
            Serializer serializer,
            @Nullable SSLContext tls,
            ReferenceFactory references,
            Listener.Limits limits) {
        this(name, registry, address, authkey, serializer, tls, references, limits, DeserializationPolicy.defaults());
    }

    /**
     * Creates a server with explicit limits and a deserialization policy for its peers, and binds its
     * address.
     *
     * @param name       names its threads and log lines
     * @param registry   the types it serves, by type id
     * @param address    where it listens: a Unix-domain or TCP address, or null for a fresh Unix-domain one
     * @param authkey    the key clients authenticate with
     * @param serializer writes and reads the values of calls
     * @param tls        creates its TLS server socket, or null to listen without TLS
     * @param references makes the references its replies carry for objects served from method results
     * @param limits     the largest message, the handshake timeout, the cap on pending handshakes and the
     *                   receive budget (see {@link Listener.Limits})
     * @param policy     what clients' values may make the server instantiate; resolved for the bound
     *                   address (see {@link DeserializationPolicy.Enforcement})
     * @throws io.multiprocess.MultiprocessException if the address cannot be bound
     */
    public Server(
            String name,
            Map<String, TypeSpec> registry,
            @Nullable SocketAddress address,
            byte[] authkey,
            Serializer serializer,
            @Nullable SSLContext tls,
            ReferenceFactory references,
            Listener.Limits limits,
            DeserializationPolicy policy) {
        this.name = name;
        this.limits = Objects.requireNonNull(limits, "limits");
        this.references = references;
        this.registry = Map.copyOf(registry);
        this.authkey = authkey.clone();
        this.serializer = serializer;
        long random;
        do {
            random = RANDOM.nextLong();
        } while (random == 0);
        this.id = random;
        this.table = new ObjectTable(this::released);
        if (tls != null) {
            if (!(address instanceof InetSocketAddress inet)) {
                throw new IllegalArgumentException(
                        "A TLS manager needs a TCP address (an InetSocketAddress), not " + address);
            }
            try {
                tlsSocket = (SSLServerSocket)
                        tls.getServerSocketFactory().createServerSocket(inet.getPort(), 64, inet.getAddress());
                tlsSocket.setSoTimeout(ACCEPT_SLICE_MILLIS);
            } catch (IOException e) {
                throw new MultiprocessException("Cannot listen on " + address + " with TLS: " + e.getMessage(), e);
            }
            this.listener = null;
            this.tlsBudget = new ReceiveBudget(limits.effectiveReceiveBudget());
            this.address = new InetSocketAddress(inet.getAddress(), tlsSocket.getLocalPort());
        } else {
            this.tlsSocket = null;
            this.listener = Listener.open(address, 64, this.authkey, limits);
            this.tlsBudget = null;
            this.address = listener.address();
        }
        this.addressText = Addresses.format(this.address);
        this.policy = policy.forAddress(this.address);
        LocalServers.add(this);
    }

    /**
     * The address clients connect to (with the actual port when port 0 was asked for). Python's
     * {@code address}.
     *
     * @return the address
     */
    public SocketAddress address() {
        return address;
    }

    /**
     * Accepts and serves clients in the calling thread until the server is stopped (by a client's
     * shutdown request or {@link #stop()}), then returns. Python's {@code serve_forever()} (which exits
     * the process instead of returning).
     *
     * <p>Returns at once if the server was stopped before.
     *
     * @throws ProcessStateException if called while it serves
     * @throws InterruptedOperationException if the thread is interrupted (the server is stopped then)
     */
    public void serveForever() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            if (serving) {
                throw new ProcessStateException("The manager server at " + addressText + " is already serving");
            }
            serving = true;
        }
        try {
            while (!stopping) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedOperationException(
                            "clients of the manager server at " + addressText, new InterruptedException());
                }
                acceptOne();
            }
        } finally {
            stop();
        }
    }

    private void acceptOne() {
        if (tlsSocket != null) {
            SSLSocket socket;
            try {
                socket = (SSLSocket) tlsSocket.accept();
            } catch (SocketTimeoutException slice) {
                return;
            } catch (IOException e) {
                if (!stopping) {
                    LOG.warn("Manager server {} cannot accept: {}", addressText, e.toString());
                    stop();
                }
                return;
            }
            SSLSocket dropped = null;
            synchronized (tlsPending) {
                tlsPending.addLast(socket);
                if (tlsPending.size() > limits.maxPendingHandshakes()) {
                    dropped = tlsPending.pollFirst();
                }
            }
            if (dropped != null) {
                LOG.info(
                        "Manager server {} dropped a peer that had not authenticated: more than {} were authenticating",
                        addressText,
                        limits.maxPendingHandshakes());
                closeQuietly(dropped);
            }
            spawn(() -> {
                try {
                    return TlsTransport.accept(
                            socket, authkey, limits.maxMessageSize(), limits.handshakeTimeout(), tlsBudget);
                } catch (AuthenticationException e) {
                    LOG.info("Manager server {} refused a client: {}", addressText, e.getMessage());
                    return null;
                } finally {
                    synchronized (tlsPending) {
                        tlsPending.remove(socket);
                    }
                }
            });
            return;
        }
        Optional<Connection> accepted;
        try {
            accepted = listener.accept(Duration.ofMillis(ACCEPT_SLICE_MILLIS));
        } catch (AuthenticationException e) {
            LOG.info("Manager server {} refused a client: {}", addressText, e.getMessage());
            return;
        } catch (ProcessStateException closed) {
            stop();
            return;
        } catch (MultiprocessException e) {
            // The listener could not accept one connection (out of descriptors, say): serve on.
            LOG.warn("Manager server {}: {}", addressText, e.getMessage());
            return;
        }
        accepted.ifPresent(connection -> spawn(() -> new ConnectionTransport(connection)));
    }

    private void spawn(Supplier<? extends @Nullable Transport> handshake) {
        Thread thread = new Thread(
                () -> {
                    Transport transport = handshake.get();
                    if (transport == null) {
                        return;
                    }
                    ServerConnection connection = new ServerConnection(this, transport);
                    connections.add(connection);
                    if (stopping) {
                        connection.close();
                    }
                    connection.run();
                },
                "multiprocess-manager-" + name + "-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops serving: no new connections, every connection closed (clients waiting for an answer fail at
     * once with {@link io.multiprocess.managers.ManagerUnreachableException}), served objects dropped. Returns at
     * once; {@link #serveForever()} returns soon after. Stopping twice does nothing.
     */
    public void stop() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        try {
            if (listener != null) {
                listener.close();
            } else {
                tlsSocket.close();
            }
        } catch (IOException ignored) {
            // Closing is best effort.
        }
        synchronized (tlsPending) {
            tlsPending.forEach(Server::closeQuietly);
            tlsPending.clear();
        }
        connections.forEach(ServerConnection::close);
        table.clear().forEach(this::released);
        shared.values().forEach(Server::closeQuietly);
        LocalServers.remove(this);
        stopped.countDown();
    }

    /**
     * Waits until the server has stopped.
     *
     * @param timeout how long to wait
     * @return true if it stopped
     * @throws InterruptedOperationException if interrupted
     */
    public boolean awaitStop(Duration timeout) {
        try {
            return stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("the stop of the manager server at " + addressText, e);
        }
    }

    /**
     * Whether {@link #stop()} was called (or a client asked the server to shut down).
     *
     * @return true once stopping
     */
    public boolean isStopping() {
        return stopping;
    }

    /**
     * How many objects the server holds. Python's {@code number_of_objects()}.
     *
     * @return the count
     */
    public int numberOfObjects() {
        return table.size();
    }

    @Override
    public String toString() {
        return "Server[" + name + " at " + addressText + (stopping ? ", stopped" : serving ? ", serving" : "") + "]";
    }

    // ------------------------------------------------------------------ for the connections

    /**
     * The server's random id: a server restarted at the same address has another.
     *
     * @return the id
     */
    public long id() {
        return id;
    }

    /**
     * The server's address as proxy references carry it.
     *
     * @return the address, as {@link io.multiprocess.managers.transport.Addresses#format} writes it
     */
    public String addressText() {
        return addressText;
    }

    Listener.Limits limits() {
        return limits;
    }

    ObjectTable table() {
        return table;
    }

    Serializer serializer() {
        return serializer;
    }

    /**
     * What clients' values may make this server instantiate, resolved for its address.
     *
     * @return the policy, enforced or not
     */
    public DeserializationPolicy deserializationPolicy() {
        return policy;
    }

    /**
     * Whether a key is the server's authentication key.
     *
     * @param key the key
     * @return true if it is
     */
    public boolean hasKey(byte[] key) {
        return Arrays.equals(authkey, key);
    }

    TypeSpec spec(String typeId) {
        TypeSpec spec = registry.get(typeId);
        if (spec == null) {
            throw new CallRefusedException("The manager's server has no type '" + typeId + "'; it serves "
                    + registry.keySet().stream().sorted().toList());
        }
        return spec;
    }

    /** A reference to a served object, credited to a session, as a method result travels. */
    Object reference(ServedObject object, Session session) {
        return references.credited(
                id,
                addressText,
                object.id,
                object.type.typeId(),
                object.interfaces,
                session.id,
                serializer.getClass().getName(),
                tlsSocket != null);
    }

    /** An object shared by everything this server serves (created once), closed when the server stops. */
    @SuppressWarnings("unchecked")
    <T> T shared(String key, Supplier<T> factory) {
        return (T) shared.computeIfAbsent(key, k -> factory.get());
    }

    void connectionEnded(ServerConnection connection) {
        connections.remove(connection);
    }

    private void released(ServedObject object) {
        if (object.type.closeOnRelease() && object.referent instanceof AutoCloseable closeable) {
            Thread closer = new Thread(() -> closeQuietly(closeable), "multiprocess-manager-close-" + object.id);
            closer.setDaemon(true);
            closer.start();
        }
    }

    private static void closeQuietly(Object resource) {
        if (resource instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warn("Closing {} failed: {}", resource, e.toString());
            }
        }
    }
}
