package io.multiprocess.managers;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.ProcessStartException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.connection.Connection;
import io.multiprocess.connection.EofException;
import io.multiprocess.connection.Listener;
import io.multiprocess.connection.Pipe;
import io.multiprocess.function.SerializableFunction;
import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.function.SerializableSupplier;
import io.multiprocess.managers.server.ManagerProcess;
import io.multiprocess.managers.server.Server;
import io.multiprocess.managers.server.TypeSpec;
import io.multiprocess.managers.transport.Addresses;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.process.DefaultSettings;
import io.multiprocess.process.ProcessRole;
import io.multiprocess.process.ProcessSettings;
import io.multiprocess.process.Processes;
import io.multiprocess.serialization.DeserializationPolicy;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.util.Finalize;
import java.io.Serial;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A manager: a server that owns objects which other processes, on this machine or across the network,
 * use through proxies. Python's {@code multiprocessing.managers.BaseManager}.
 *
 * <pre>{@code
 * public class MathsManager extends BaseManager {
 *     public MathsManager() {
 *         register("Maths", MathsClass::new, Maths.class);    // Python registers on the class; Java in the constructor
 *     }
 *     public Maths maths() { return create("Maths"); }        // Python generates this method
 * }
 *
 * try (MathsManager manager = new MathsManager()) {
 *     manager.start();                                        // a server process
 *     Maths maths = manager.maths();                          // a proxy
 *     maths.add(4, 3);                                        // runs in the server: 7
 * }                                                           // shuts the server down
 * }</pre>
 *
 * <h2>Three ways to use a manager</h2>
 * <ul>
 *   <li>{@link #start()}: runs the server in a new child process of the manager's context (a daemon, so
 *       that it never outlives this process) and connects to it; {@link #shutdown()} (or {@link #close()},
 *       garbage collection of the manager, or this process's exit) stops it.</li>
 *   <li>{@link #getServer()}{@code .serveForever()}: serves in the calling thread of this process, for
 *       other processes to {@link #connect()} to (Python's remote manager examples).</li>
 *   <li>{@link #connect()}: uses a server that runs elsewhere, by its address and key.</li>
 * </ul>
 *
 * <h2>Addresses, keys and serializers</h2>
 * The address is a {@link java.net.UnixDomainSocketAddress} (local processes only), an
 * {@link java.net.InetSocketAddress} (a host and port: other machines too; port 0 picks a free one), or
 * null for a fresh Unix-domain socket in a private 0700 directory. The authentication key defaults to
 * the current process's ({@link io.multiprocess.process.BaseProcess#authkey()}, which children inherit);
 * a server reached from other JVMs needs an explicit key, shared with its clients. Every connection
 * proves the key (HMAC-SHA256 both ways) before anything is deserialized; a wrong key fails with
 * {@link io.multiprocess.AuthenticationException}. Values travel with the given {@link Serializer}
 * (Kryo by default; both sides must use the same class). {@link #withTls} adds TLS to a TCP manager.
 *
 * <h2>Proxies and references</h2>
 * {@link #create} returns a proxy: an object implementing the type's proxy interface (or every public
 * interface of the served class) and {@link BaseProxy}, whose calls run on the served object in the
 * server. The server keeps an object while a proxy of it exists anywhere: each proxy holds one reference,
 * given back when it is garbage-collected, {@linkplain BaseProxy#releaseProxy() released}, or when its
 * process ends (even by SIGKILL: the server notices the closed connection). Proxies travel to other
 * processes (process arguments, queues, pipes, other served objects) and arrive as proxies of the same
 * object; the receiving process connects with the key the proxy carries (its own, which children
 * inherit, unless the manager has another).
 *
 * <h2>Threads, blocking and failures</h2>
 * Each calling thread has its own connection, served by a thread of the server: a blocking call (a
 * queue's {@code take}, a lock's {@code lock}) blocks only its caller, and locks belong to the calling
 * thread. Calls wait for their answer without a limit unless {@link #withCallTimeout(Duration)} sets one
 * ({@link io.multiprocess.managers.ManagerCallTimeoutException}). A server that dies closes its connections, so a
 * waiting call fails at once with {@link io.multiprocess.managers.ManagerUnreachableException}, and so does every
 * later call; no call hangs on a dead server. An interrupted caller gets
 * {@link InterruptedOperationException} (or {@link InterruptedException} where the interface declares it);
 * its connection is closed, and the server abandons the call's wait. Exceptions thrown by the served
 * object's method reach the caller as they are; failures of the call itself (a method that is not
 * exposed, an object that was released) raise {@link RemoteCallException}.
 */
public class BaseManager implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private enum State {
        INITIAL,
        STARTED,
        CONNECTED,
        SERVING,
        SHUTDOWN
    }

    private final @Nullable SocketAddress requestedAddress;
    private final byte[] authkey;
    private final Serializer serializer;
    private final Map<String, TypeSpec> registry = new LinkedHashMap<>();
    private @Nullable ProcessSettings context;
    private @Nullable Duration callTimeout;
    private Duration shutdownTimeout = Duration.ofSeconds(5);
    private @Nullable SerializableSupplier<SSLContext> tls;
    private int maxMessageSize = Listener.DEFAULT_MAX_FRAME;
    private DeserializationPolicy deserializationPolicy = DeserializationPolicy.defaults();
    private volatile State state = State.INITIAL;
    private volatile @Nullable ManagerClient client;
    private volatile @Nullable SocketAddress address;
    private @Nullable ChildProcess process;
    private @Nullable Server server;
    private @Nullable Finalize shutdownFinalizer;

    /** A manager on a fresh Unix-domain socket, with this process's key and the Kryo serializer. */
    public BaseManager() {
        this(null, null, null);
    }

    /**
     * A manager at an address, with a key. Python's {@code BaseManager(address, authkey)}.
     *
     * @param address the address to serve on or connect to; null for a fresh Unix-domain socket
     * @param authkey the key; null for this process's
     */
    public BaseManager(@Nullable SocketAddress address, byte @Nullable [] authkey) {
        this(address, authkey, null);
    }

    /**
     * A manager with a serializer. Python's {@code BaseManager(address, authkey, serializer)}.
     *
     * @param address    the address; null for a fresh Unix-domain socket
     * @param authkey    the key; null for this process's
     * @param serializer the serializer for arguments and results; null for the default context's
     * @throws IllegalArgumentException for an empty key
     */
    public BaseManager(@Nullable SocketAddress address, byte @Nullable [] authkey, @Nullable Serializer serializer) {
        if (authkey != null && authkey.length == 0) {
            throw new IllegalArgumentException("An authentication key needs at least one byte");
        }
        this.requestedAddress = address;
        this.address = address;
        this.authkey = authkey != null ? authkey.clone() : Processes.current().authkey();
        this.serializer =
                serializer != null ? serializer : DefaultSettings.get().serializer();
    }

    // ------------------------------------------------------------------ configuration

    /**
     * The context whose start method and JVM settings start the server process; the default context
     * otherwise. Python's {@code ctx} argument.
     *
     * @param context the context
     * @return this manager
     * @throws ProcessStateException after start
     */
    public BaseManager withContext(ProcessSettings context) {
        checkInitial("set the context");
        this.context = Objects.requireNonNull(context, "context");
        return this;
    }

    /**
     * Bounds every call of this manager and its proxies to the server (in this process): a call whose
     * answer does not come in time fails with {@link io.multiprocess.managers.ManagerCallTimeoutException}. Calls
     * are unbounded by default, since some wait by design (a queue's {@code take}). A server that died
     * is noticed at once without it; the timeout is for a server that hangs or a network that drops
     * packets silently.
     *
     * @param timeout the limit, or null for none
     * @return this manager
     */
    public BaseManager withCallTimeout(@Nullable Duration timeout) {
        this.callTimeout = timeout;
        ManagerClient current = client;
        if (current != null) {
            current.setCallTimeout(timeout);
        }
        return this;
    }

    /**
     * How long {@link #shutdown()} waits for the server process to exit before terminating it (and as
     * long again before killing it). Python's {@code shutdown_timeout} (1 s there; 5 s here, as JVMs exit
     * more slowly).
     *
     * @param timeout the time
     * @return this manager
     */
    public BaseManager withShutdownTimeout(Duration timeout) {
        this.shutdownTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * Serves and connects with TLS (TCP addresses only). The supplier creates the {@link SSLContext} in
     * each process that needs one: the server's (its key managers hold the server's certificate) and
     * every client's (its trust managers must trust that certificate, whose subject alternative names
     * must name the host clients connect to); one context with both serves both sides. It travels to the
     * server process of {@link #start()}, and with proxies sent to other processes (which connect with
     * it), so it must be serializable then: load the key store inside it rather than capture an
     * SSLContext. The authentication key is still checked over the TLS connection.
     *
     * @param sslContext creates the context
     * @return this manager
     * @throws ProcessStateException after start
     */
    public BaseManager withTls(SerializableSupplier<SSLContext> sslContext) {
        checkInitial("enable TLS");
        this.tls = Objects.requireNonNull(sslContext, "sslContext");
        return this;
    }

    /**
     * The largest message (a call with its arguments, or a reply with its value, serialized) that the
     * server accepts from a client and this manager's connections accept from the server: a frame that
     * announces more is refused with a {@link io.multiprocess.connection.FrameException} and its connection
     * closed; the server serves on. Default {@value Listener#DEFAULT_MAX_FRAME} bytes (64 MiB), which
     * protects a server from peers that announce huge messages; raise it for larger values. The server
     * also reads every message as its bytes arrive, and bounds what the incomplete messages of all its
     * connections hold together (by default a quarter of its heap, at most 1 GiB, at least this size).
     * Proxies that other processes receive connect with the default.
     *
     * @param bytes the limit, at least 1
     * @return this manager
     * @throws IllegalArgumentException if not positive
     * @throws ProcessStateException after start, connect or getServer
     */
    public BaseManager withMaxMessageSize(int bytes) {
        checkInitial("set the maximum message size");
        if (bytes < 1) {
            throw new IllegalArgumentException("The maximum message size must be positive, not " + bytes);
        }
        this.maxMessageSize = bytes;
        return this;
    }

    /**
     * What the values of calls and replies may make the server and this manager's client instantiate (see
     * {@link DeserializationPolicy}). By default ({@link DeserializationPolicy#defaults()}) an allow-list of
     * the JDK's value types and the library's own is enforced when the server binds, or the client
     * connects to, a non-loopback TCP address, and peers are trusted as pickle trusts them on loopback
     * addresses and Unix-domain sockets. Name the application's classes with
     * {@link DeserializationPolicy.Builder#allow(String...)}. A refused value fails its call with a
     * {@link io.multiprocess.managers.RemoteCallException} (in a client) or a
     * {@link io.multiprocess.serialization.DeserializationRefusedException} (reading a reply) naming the
     * class; the server logs it and serves on. Proxies rebuilt in other processes read replies as before.
     *
     * @param policy the policy
     * @return this manager
     * @throws ProcessStateException after start, connect or getServer
     */
    public BaseManager withDeserializationPolicy(DeserializationPolicy policy) {
        checkInitial("set the deserialization policy");
        this.deserializationPolicy = Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * The deserialization policy this manager was given (before it is resolved for an address).
     *
     * @return the policy
     */
    public DeserializationPolicy deserializationPolicy() {
        return deserializationPolicy;
    }

    // ------------------------------------------------------------------ registration

    /**
     * Registers a type whose objects {@code factory} creates, with proxies implementing every public
     * interface of the created object's class. Python's {@code register(typeid, callable)}.
     *
     * @param typeId  the name to create it by
     * @param factory creates the served object (in the server process)
     * @throws ProcessStateException after start, connect or getServer
     */
    public void register(String typeId, SerializableSupplier<?> factory) {
        register(typeId, new NoArguments(typeId, factory), null, null, null, true);
    }

    /**
     * Registers a type whose proxies implement {@code proxyType}. Python's
     * {@code register(typeid, callable, proxytype)}.
     *
     * @param typeId    the name to create it by
     * @param factory   creates the served object (in the server process)
     * @param proxyType the interface proxies implement; the served object should implement it
     * @throws IllegalArgumentException if {@code proxyType} is not an interface
     */
    public void register(String typeId, SerializableSupplier<?> factory, Class<?> proxyType) {
        register(typeId, new NoArguments(typeId, factory), proxyType, null, null, true);
    }

    /**
     * Declares a type that a server elsewhere serves, with the interface its proxies implement here.
     * Python's {@code register(typeid)} on the client side.
     *
     * @param typeId    the name the server registered it under
     * @param proxyType the interface proxies implement
     */
    public void register(String typeId, Class<?> proxyType) {
        register(typeId, null, proxyType, null, null, true);
    }

    /**
     * Registers a type with every option. Python's
     * {@code register(typeid, callable, proxytype, exposed, method_to_typeid, create_method)}.
     *
     * @param typeId         the name to create it by
     * @param factory        creates the served object from the arguments of {@link #create}; null when
     *                       another process serves the type
     * @param proxyType      the interface proxies implement; null for every public interface of the
     *                       served object's class
     * @param exposed        the names of the methods clients may call; null for every public method of
     *                       the served object's class except {@code Object}'s
     * @param methodToTypeId for methods whose results should stay on the server and reach the caller as
     *                       proxies: the method's name and the type id to serve the result as; null for none
     * @param createMethod   whether {@link #create} may create it (false for types only methods return)
     * @throws IllegalArgumentException for a blank type id or a proxy type that is not an interface
     * @throws ProcessStateException after start, connect or getServer
     */
    public void register(
            String typeId,
            @Nullable SerializableFunction<Object[], ?> factory,
            @Nullable Class<?> proxyType,
            @Nullable List<String> exposed,
            @Nullable Map<String, String> methodToTypeId,
            boolean createMethod) {
        registerSpec(new TypeSpec(
                checkTypeId(typeId), factory, checkProxyType(proxyType), exposed, methodToTypeId, createMethod, false));
    }

    /** Registers a type of the library, which may close its objects when they are released. */
    void registerSpec(TypeSpec spec) {
        checkInitial("register types");
        registry.put(spec.typeId(), spec);
    }

    private static String checkTypeId(String typeId) {
        if (typeId == null || typeId.isBlank()) {
            throw new IllegalArgumentException("A type id must not be blank");
        }
        return typeId;
    }

    private static @Nullable Class<?> checkProxyType(@Nullable Class<?> proxyType) {
        if (proxyType != null && !proxyType.isInterface()) {
            throw new IllegalArgumentException("A proxy type must be an interface (proxies are java.lang.reflect.Proxy "
                    + "instances), not the class " + proxyType.getName()
                    + "; pass an interface it implements, or null and "
                    + "call methods with BaseProxy.callMethod");
        }
        return proxyType;
    }

    /** Adapts a factory without arguments; refuses arguments, as Python's callable would. */
    private record NoArguments(String typeId, SerializableSupplier<?> factory)
            implements SerializableFunction<Object[], Object> {

        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public Object apply(Object[] args) {
            if (args.length > 0) {
                throw new IllegalArgumentException("Type '" + typeId + "' was registered with a factory that takes no "
                        + "arguments, but create() passed " + args.length);
            }
            return factory.get();
        }
    }

    // ------------------------------------------------------------------ life cycle

    /**
     * Starts this manager if it is new, and returns it: Python's {@code with manager as m:}, whose
     * {@code __enter__} starts a manager that is not started yet. Java's try-with-resources calls
     * nothing on entry, so write {@code try (SyncManager m = new SyncManager().enter())} (SyncManager and
     * SharedMemoryManager return their own type), or {@link #enter(BaseManager)} for a subclass of your
     * own; {@link #close()} shuts the server down at the end of the block. A manager already started,
     * connected or serving is returned as it is.
     *
     * @return this manager, started
     * @throws ProcessStateException if the manager was shut down
     * @throws ProcessStartException if the server cannot be started (see {@link #start()})
     */
    public synchronized BaseManager enter() {
        if (state == State.INITIAL) {
            start();
        } else if (state == State.SHUTDOWN) {
            throw new ProcessStateException(
                    "Cannot enter a manager that was shut down: a manager starts once; create a new one");
        }
        return this;
    }

    /**
     * {@link #enter()} typed as the manager given, for subclasses:
     * {@code try (MathsManager m = BaseManager.enter(new MathsManager())) {...}} is Python's
     * {@code with MathsManager() as m:}.
     *
     * @param manager the manager, started unless it is started, connected or serving already
     * @param <M>     the manager's type
     * @return {@code manager}, started
     * @throws ProcessStateException if the manager was shut down
     * @throws ProcessStartException if the server cannot be started
     */
    public static <M extends BaseManager> M enter(M manager) {
        Objects.requireNonNull(manager, "manager").enter();
        return manager;
    }

    /**
     * Starts the server in a child process and connects to it. Python's {@code start()}. In a
     * thread-backed context ({@code "thread"}, Python's {@code multiprocessing.dummy}) the server runs on
     * a daemon thread of this JVM instead, with the same proxies.
     *
     * @throws ProcessStateException if started, connected or serving already
     * @throws ProcessStartException if the process cannot be launched, or exits or fails before it serves
     *     (a bad address, an address in use, a failing initializer: the message and the child's standard
     *     error say which)
     */
    public void start() {
        start(null);
    }

    /**
     * Starts the server in a child process that first runs {@code initializer}. Python's
     * {@code start(initializer)}.
     *
     * @param initializer run in the server process before it serves; null for none
     * @throws ProcessStateException if started, connected or serving already
     * @throws ProcessStartException if the process cannot be launched or fails before it serves
     */
    public synchronized void start(@Nullable SerializableRunnable initializer) {
        checkInitial("start");
        ProcessSettings ctx = context != null ? context : DefaultSettings.get();
        String name = getClass().getSimpleName() + "-" + COUNTER.incrementAndGet();
        ManagerProcess.Spec spec = new ManagerProcess.Spec(
                name,
                new ArrayList<>(registry.values()),
                requestedAddress == null ? null : Addresses.format(requestedAddress),
                authkey,
                serializer.getClass().getName(),
                tls,
                maxMessageSize,
                deserializationPolicy);
        Pipe pipe = Pipe.open(false, ctx.serializer(), Connection.DEFAULT_PIPE_MAX_FRAME);
        Connection reader = pipe.first();
        Connection writer = pipe.second();
        ChildProcess child = new ChildProcess(
                ctx, name, () -> ManagerProcess.serve(spec, writer, initializer, ProxyReference::credited));
        child.setDaemon(true);
        child.setRole(ProcessRole.MANAGER);
        String reply;
        try {
            boolean started = false;
            try {
                child.start();
                started = true;
            } finally {
                if (!started || !ctx.isThreadBacked()) {
                    writer.close(); // the child has its copy; a thread-backed "child" uses (and closes) this one
                }
            }
            reply = awaitAddress(child, reader, name);
        } finally {
            reader.close();
        }
        process = child;
        ManagerClient connected = connectClient(reply);
        Duration timeout = shutdownTimeout;
        shutdownFinalizer = Finalize.register(this, () -> stopServerProcess(child, connected, timeout), 0);
        state = State.STARTED;
    }

    private static String awaitAddress(ChildProcess child, Connection reader, String name) {
        try {
            if (!reader.poll(START_TIMEOUT)) {
                child.kill();
                child.join();
                throw new ProcessStartException(
                        "The manager process " + name + " did not start serving within " + START_TIMEOUT
                                + "; it was killed",
                        null);
            }
            String reply = reader.receive();
            if (reply.startsWith(ManagerProcess.FAILED)) {
                child.join(Duration.ofSeconds(30));
                throw new ProcessStartException(
                        "The manager process " + name + " could not start serving: "
                                + reply.substring(ManagerProcess.FAILED.length())
                                        .trim(),
                        null);
            }
            return reply;
        } catch (EofException e) {
            child.join(Duration.ofSeconds(30));
            throw new ProcessStartException(
                    "The manager process " + name + " exited (exit code " + child.exitCode()
                            + ") before it served; its standard error says why",
                    e);
        }
    }

    /** What the finalizer (shutdown, garbage collection, exit) does: stop the server, reap its process. */
    private static void stopServerProcess(ChildProcess child, ManagerClient client, Duration timeout) {
        client.shutdownServer(timeout);
        client.close("the manager was shut down");
        if (!child.join(timeout)) {
            child.terminate();
            if (!child.join(timeout)) {
                child.kill();
                child.join();
            }
        }
    }

    /**
     * Connects to a server that runs elsewhere, at this manager's address with its key. Python's
     * {@code connect()}.
     *
     * @throws ProcessStateException if started, connected or serving already, or without an address
     * @throws io.multiprocess.managers.ManagerUnreachableException if nothing serves there
     * @throws io.multiprocess.AuthenticationException if the server holds another key
     */
    public synchronized void connect() {
        checkInitial("connect");
        if (requestedAddress == null) {
            throw new ProcessStateException("connect() needs the server's address: create the manager with it");
        }
        connectClient(Addresses.format(requestedAddress));
        state = State.CONNECTED;
    }

    private ManagerClient connectClient(String serverAddress) {
        ManagerClient connected = ManagerClients.forAddress(serverAddress, authkey, serializer, tls);
        connected.setCallTimeout(callTimeout);
        connected.setMaxMessageSize(maxMessageSize);
        connected.setDeserializationPolicy(deserializationPolicy);
        connected.connect();
        client = connected;
        address = Addresses.parse(serverAddress);
        return connected;
    }

    /**
     * A server in this process, listening from now on, to run with {@link Server#serveForever()}.
     * Python's {@code get_server()}. This manager can {@link #create} objects on it too.
     *
     * @return the server
     * @throws ProcessStateException if started, connected or serving already
     * @throws io.multiprocess.MultiprocessException if the address cannot be bound
     */
    public synchronized Server getServer() {
        checkInitial("get a server");
        server = new Server(
                getClass().getSimpleName(),
                registry,
                requestedAddress,
                authkey,
                serializer,
                tls == null ? null : tls.get(),
                ProxyReference::credited,
                Listener.Limits.defaults().withMaxMessageSize(maxMessageSize),
                deserializationPolicy);
        address = server.address();
        state = State.SERVING;
        return server;
    }

    /**
     * Stops the server this manager started (or serves), and waits for its process to exit: a shutdown
     * request, then SIGTERM and SIGKILL after {@link #withShutdownTimeout the shutdown timeout} each.
     * Proxies of its objects fail from then on. Python's {@code shutdown()}. Does nothing if already shut down.
     *
     * @throws ProcessStateException for a manager that only connected (the server belongs to another
     *     process) or was never started
     */
    public synchronized void shutdown() {
        switch (state) {
            case STARTED:
                shutdownFinalizer.run();
                break;
            case SERVING:
                server.stop();
                break;
            case SHUTDOWN:
                return;
            default:
                throw new ProcessStateException("Cannot shut down a manager that was "
                        + (state == State.CONNECTED
                                ? "connected to a server of another process; stop it there"
                                : "never started"));
        }
        state = State.SHUTDOWN;
    }

    /**
     * Waits until the server process exits. Python's {@code join()}.
     *
     * @throws ProcessStateException if this manager did not start a process
     * @throws InterruptedOperationException if interrupted
     */
    public void join() {
        requireProcess().join();
    }

    /**
     * Waits at most {@code timeout} for the server process to exit. Python's {@code join(timeout)}.
     *
     * @param timeout how long
     * @return true if it exited
     */
    public boolean join(Duration timeout) {
        return requireProcess().join(timeout);
    }

    private synchronized ChildProcess requireProcess() {
        if (process == null) {
            throw new ProcessStateException("This manager did not start a server process (start() was not called)");
        }
        return process;
    }

    /**
     * Shuts down the server this manager started or serves; for a connected manager, does nothing (its
     * proxies keep working). For try-with-resources, as Python's {@code with manager:}.
     */
    @Override
    public void close() {
        State current = state;
        if (current == State.STARTED || current == State.SERVING) {
            shutdown();
        }
    }

    // ------------------------------------------------------------------ objects

    /**
     * Creates an object of a registered type on the server and returns a proxy of it. Python's
     * {@code manager.<typeid>(*args)}, the method {@code register} generates.
     *
     * @param typeId the type
     * @param args   the factory's arguments (serialized)
     * @param <T>    the proxy type: the registered interface (this manager's registration wins over the
     *               server's), every public interface of the served class, or {@link BaseProxy}
     * @return the proxy
     * @throws RemoteCallException if the server has no such type or refuses to create it
     * @throws ProcessStateException if the manager is not started, connected or serving
     * @throws io.multiprocess.managers.ManagerUnreachableException if the server is gone
     */
    @SuppressWarnings("unchecked")
    public <T> T create(String typeId, @Nullable Object @Nullable ... args) {
        ManagerClient connected = client();
        ProxyReference reference;
        try {
            reference = connected.create(typeId, args == null ? new Object[0] : args);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable checked) {
            throw new RemoteCallException("The factory of type '" + typeId + "' threw " + checked, checked);
        }
        TypeSpec local = registry.get(typeId);
        if (local != null && local.proxyType() != null) {
            reference = reference.withInterfaces(new String[] {local.proxyType().getName()});
        }
        return (T) connected.adopt(reference, this);
    }

    /**
     * How many objects the server holds. Python's {@code _number_of_objects()}.
     *
     * @return the count
     */
    public int numberOfObjects() {
        return (Integer) client().info()[0];
    }

    /**
     * A description of every object the server holds, with its reference count. Python's {@code _debug_info()}.
     *
     * @return one line per object
     */
    public String debugInfo() {
        return (String) client().info()[1];
    }

    /**
     * The address of the server: the actual one once started, connected or serving.
     *
     * @return the address, or null before start when none was given
     */
    public @Nullable SocketAddress address() {
        return address;
    }

    /**
     * The pid of the server's process, once started, connected or serving.
     *
     * @return the pid
     */
    public OptionalLong serverPid() {
        ManagerClient current = client;
        if (state == State.SERVING) {
            return OptionalLong.of(ProcessHandle.current().pid());
        }
        return current == null || current.serverPid() == 0
                ? OptionalLong.empty()
                : OptionalLong.of(current.serverPid());
    }

    /**
     * The server's authentication key.
     *
     * @return a copy of the key
     */
    public byte[] authkey() {
        return authkey.clone();
    }

    ManagerClient client() {
        ManagerClient current = client;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (state == State.SERVING && client == null) {
                client = ManagerClients.forAddress(server.addressText(), authkey, serializer, tls);
                client.setCallTimeout(callTimeout);
                client.setMaxMessageSize(maxMessageSize);
                client.setDeserializationPolicy(deserializationPolicy);
            }
            if (client == null) {
                throw new ProcessStateException("The manager is "
                        + (state == State.SHUTDOWN
                                ? "shut down"
                                : "not started: call start(), connect() or getServer() first"));
            }
            return client;
        }
    }

    private void checkInitial(String what) {
        if (state != State.INITIAL) {
            throw new ProcessStateException("Cannot " + what + ": the manager was already "
                    + state.name().toLowerCase()
                    + " (start, connect and getServer are each allowed once, on a new manager)");
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + (address == null ? "no address" : Addresses.format(address)) + ", "
                + state.name().toLowerCase() + "]";
    }
}
