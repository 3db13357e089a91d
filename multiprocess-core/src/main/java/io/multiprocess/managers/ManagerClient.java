package io.multiprocess.managers;

import io.multiprocess.AuthenticationException;
import io.multiprocess.InterruptedOperationException;
import io.multiprocess.MultiprocessException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.connection.Client;
import io.multiprocess.connection.EofException;
import io.multiprocess.connection.FrameException;
import io.multiprocess.connection.Listener;
import io.multiprocess.function.SerializableSupplier;
import io.multiprocess.managers.server.CallRefusedException;
import io.multiprocess.managers.server.LocalServers;
import io.multiprocess.managers.server.SerializationScope;
import io.multiprocess.managers.server.Server;
import io.multiprocess.managers.transport.Addresses;
import io.multiprocess.managers.transport.CallChannel;
import io.multiprocess.managers.transport.ConnectionTransport;
import io.multiprocess.managers.transport.FrameReader;
import io.multiprocess.managers.transport.FrameWriter;
import io.multiprocess.managers.transport.Protocol;
import io.multiprocess.managers.transport.RingTransport;
import io.multiprocess.managers.transport.TlsTransport;
import io.multiprocess.managers.transport.Transport;
import io.multiprocess.managers.transport.ValueCodec;
import io.multiprocess.serialization.DeserializationPolicy;
import io.multiprocess.serialization.Serializer;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * This process's side of one manager server, shared by every proxy and manager object of this process
 * that refers to it. Python's per-thread connections of {@code BaseProxy} and the manager's
 * {@code _Client}.
 *
 * <p>Connections: each thread that calls gets its own connection (as in Python), which the server serves
 * with a thread of its own; locks, conditions and waits therefore belong to the calling thread, and
 * calls of different threads never wait for each other here. Connections of threads that ended are
 * closed within about a second. Besides, the process holds one <em>session</em> connection, over which
 * reference counts change; the server drops the process's references when it closes.
 *
 * <p>When the server's process lives in this process, reference counts change directly in its table.
 */
final class ManagerClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Whether call connections to a server on a Unix-domain socket move to shared-memory rings
     * ({@link RingTransport}); system property {@code multiprocess.managers.rings}, true by default.
     */
    private static final boolean RINGS = !"false".equals(System.getProperty("multiprocess.managers.rings"));

    final String address;
    private final SocketAddress socketAddress;
    private final byte[] authkey;
    private final Serializer serializer;
    private final @Nullable SerializableSupplier<SSLContext> tlsFactory;
    private final @Nullable SSLContext tls;
    private final @Nullable Server local;
    private final long sessionId;
    private final ThreadLocal<CallChannel> channels = new ThreadLocal<>();
    private final Set<CallChannel> open = ConcurrentHashMap.newKeySet();
    private final ReentrantLock sessionLock = new ReentrantLock();
    private @Nullable CallChannel session;
    private volatile long serverId;
    private volatile long serverPid;
    private volatile @Nullable Duration callTimeout;
    private volatile int maxMessageSize = Listener.DEFAULT_MAX_FRAME;
    private volatile DeserializationPolicy policy = DeserializationPolicy.trustAll();
    private volatile @Nullable String deathCause;

    ManagerClient(
            String address,
            byte[] authkey,
            Serializer serializer,
            @Nullable SerializableSupplier<SSLContext> tlsFactory,
            @Nullable Server local,
            long expectedServerId) {
        this.address = address;
        this.socketAddress = Addresses.connectable(Addresses.parse(address));
        this.authkey = authkey.clone();
        this.serializer = serializer;
        this.tlsFactory = tlsFactory;
        this.tls = tlsFactory == null ? null : tlsFactory.get();
        this.local = local;
        this.serverId = local != null ? local.id() : expectedServerId;
        this.serverPid = local != null ? ProcessHandle.current().pid() : 0;
        long id;
        do {
            id = RANDOM.nextLong() & Long.MAX_VALUE;
        } while (id == LocalServers.SESSION);
        this.sessionId = local != null ? LocalServers.SESSION : id;
    }

    // ------------------------------------------------------------------ identity

    boolean isLocal() {
        return local != null;
    }

    long serverId() {
        return serverId;
    }

    long serverPid() {
        return serverPid;
    }

    boolean isDead() {
        return deathCause != null;
    }

    boolean hasKey(byte[] key) {
        return Arrays.equals(authkey, key);
    }

    @Nullable
    SerializableSupplier<SSLContext> tlsFactory() {
        return tlsFactory;
    }

    Serializer serializer() {
        return serializer;
    }

    void setCallTimeout(@Nullable Duration timeout) {
        this.callTimeout = timeout;
    }

    /** The largest message the connections opened from now on send or accept. */
    void setMaxMessageSize(int bytes) {
        this.maxMessageSize = bytes;
    }

    /** What the server's replies may make this process instantiate (trusted unless a manager sets it). */
    void setDeserializationPolicy(DeserializationPolicy policy) {
        this.policy = policy.forAddress(socketAddress);
    }

    /**
     * The reference a proxy of this server travels as. A transit reference carries the key, since the
     * receiving process may not hold it (or not yet: a child reads its process object, and the proxies
     * it captures, before it adopts its parent's key), as Python's proxies do when sent to a child; and
     * for a TLS server, the supplier of the SSLContext (which must then be serializable).
     */
    ProxyReference outgoing(ProxyReference reference, int mode, long credit) {
        return new ProxyReference(
                reference.serverId(),
                address,
                reference.objectId(),
                reference.typeId(),
                reference.interfaces(),
                mode,
                credit,
                mode == ProxyReference.TRANSIT ? authkey.clone() : null,
                serializer.getClass().getName(),
                tls != null,
                mode == ProxyReference.TRANSIT ? tlsFactory : null);
    }

    /** Opens the session (and checks the server answers): Python's {@code connect()}. */
    void connect() {
        ensureSession();
    }

    // ------------------------------------------------------------------ calls

    /**
     * Calls a method of a served object; returns its result or throws what it threw. Proxies in the
     * result keep {@code keepAlive} (the manager of the calling proxy, or null) alive.
     */
    @Nullable
    Object call(long objectId, String descriptor, @Nullable Object @Nullable [] args, @Nullable Object keepAlive)
            throws Throwable {
        CallChannel channel = channel();
        FrameWriter out = channel.out.reset().writeByte(Protocol.CALL).writeVarLong(objectId);
        int defining = channel.writeMethod(descriptor);
        writeArguments(out, args);
        byte[] reply = roundTrip(channel, descriptor);
        channel.defined(descriptor, defining);
        return decode(reply, descriptor, keepAlive);
    }

    /** Creates a served object; returns its reference, credited to this session. */
    ProxyReference create(String typeId, @Nullable Object[] args) throws Throwable {
        CallChannel channel = channel();
        FrameWriter out = channel.out.reset().writeByte(Protocol.CREATE).writeString(typeId);
        writeArguments(out, args);
        byte[] reply = roundTrip(channel, "create('" + typeId + "')");
        FrameReader in = new FrameReader(reply);
        int status = in.readByte();
        if (status != Protocol.OK) {
            throw failure(status, in, "create('" + typeId + "')");
        }
        long objectId = in.readVarLong();
        String[] interfaces = new String[in.readVarInt()];
        for (int i = 0; i < interfaces.length; i++) {
            interfaces[i] = in.readString();
        }
        return new ProxyReference(
                serverId,
                address,
                objectId,
                typeId,
                interfaces,
                ProxyReference.CREDITED,
                sessionId,
                null,
                serializer.getClass().getName(),
                tls != null,
                null);
    }

    /** Builds this process's proxy for a reference that arrived, taking its reference as the mode says. */
    Object adopt(ProxyReference reference, @Nullable Object keepAlive) {
        switch (reference.mode()) {
            case ProxyReference.CREDITED:
                if (reference.credit() != sessionId) {
                    incref(reference.objectId());
                }
                break;
            case ProxyReference.BORROWED:
                incref(reference.objectId());
                break;
            default:
                claim(reference.credit(), reference.objectId());
        }
        return ProxyFactory.create(this, reference, keepAlive);
    }

    private void writeArguments(FrameWriter out, Object[] args) {
        Object previous = SerializationScope.enter(new SerializationScope.Request(serverId));
        try {
            ValueCodec.writeAll(out, args, serializer);
        } finally {
            SerializationScope.restore(previous);
        }
    }

    private byte[] roundTrip(CallChannel channel, String what) {
        Duration timeout = callTimeout;
        try {
            channel.transport.send(channel.out.bytes(), channel.out.length());
            byte[] reply =
                    channel.transport.receive(timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos());
            if (reply == null) {
                discard(channel);
                throw new ManagerCallTimeoutException(
                        "The manager at " + address + " did not answer " + what + " within " + timeout
                                + "; the call's outcome is unknown and its connection was closed",
                        timeout);
            }
            return reply;
        } catch (EofException | FrameException | ProcessStateException e) {
            discard(channel);
            throw unreachable("went away during " + what, e);
        } catch (InterruptedOperationException e) {
            discard(channel);
            throw e;
        }
    }

    private @Nullable Object decode(byte[] reply, String what, @Nullable Object keepAlive) throws Throwable {
        FrameReader in = new FrameReader(reply);
        int status = in.readByte();
        if (status == Protocol.OK) {
            Object previous =
                    SerializationScope.enter(keepAlive == null ? null : new SerializationScope.Reading(keepAlive));
            try {
                return ValueCodec.read(in, serializer, policy);
            } finally {
                SerializationScope.restore(previous);
            }
        }
        throw failure(status, in, what);
    }

    private Throwable failure(int status, FrameReader in, String what) {
        if (status == Protocol.THROWN) {
            Object thrown = ValueCodec.read(in, serializer, policy);
            if (thrown instanceof CallRefusedException refusal) {
                return refused(refusal);
            }
            if (thrown instanceof Throwable t) {
                appendCallerStack(t);
                return t;
            }
            return new RemoteCallException(
                    "The manager at " + address + " sent " + thrown + " as the exception of " + what);
        }
        if (status == Protocol.FAILED) {
            return new RemoteCallException(in.readString());
        }
        return new RemoteCallException(
                "The manager at " + address + " answered " + what + " with an unknown status " + status);
    }

    /** The server's refusal, met in this process or thrown by a served object, as the API reports it. */
    private static RemoteCallException refused(CallRefusedException refusal) {
        return new RemoteCallException(refusal.getMessage(), refusal);
    }

    /** The server's frames, then a marker, then the caller's: as RMI shows a remote exception. */
    private void appendCallerStack(Throwable thrown) {
        StackTraceElement[] remote = thrown.getStackTrace();
        StackTraceElement[] here = new Throwable().getStackTrace();
        StackTraceElement[] merged = Arrays.copyOf(remote, remote.length + 1 + here.length);
        merged[remote.length] = new StackTraceElement("<manager " + address + ">", "call", null, -1);
        System.arraycopy(here, 0, merged, remote.length + 1, here.length);
        thrown.setStackTrace(merged);
    }

    // ------------------------------------------------------------------ reference counts

    void incref(long objectId) {
        if (local != null) {
            try {
                LocalServers.incref(local, objectId);
            } catch (CallRefusedException e) {
                throw refused(e);
            }
            return;
        }
        sessionRequest(
                new FrameWriter().writeByte(Protocol.INCREF).writeVarLong(objectId), "a reference to #" + objectId);
    }

    long transit(long objectId) {
        if (local != null) {
            try {
                return LocalServers.transit(local, objectId);
            } catch (CallRefusedException e) {
                throw refused(e);
            }
        }
        FrameReader in = sessionRequest(
                new FrameWriter().writeByte(Protocol.TRANSIT).writeVarLong(objectId),
                "a transit reference to #" + objectId);
        return in.readVarLong();
    }

    void claim(long transitId, long objectId) {
        if (local != null) {
            try {
                LocalServers.claim(local, transitId, objectId);
            } catch (CallRefusedException e) {
                throw refused(e);
            }
            return;
        }
        sessionRequest(
                new FrameWriter()
                        .writeByte(Protocol.CLAIM)
                        .writeVarLong(transitId)
                        .writeVarLong(objectId),
                "the reference to #" + objectId + " sent by another process");
    }

    /** What a proxy's finalizer runs: give one reference back, without waiting for an answer. */
    Runnable decrefAction(long objectId) {
        return () -> decref(objectId);
    }

    private void decref(long objectId) {
        if (local != null) {
            try {
                LocalServers.decref(local, objectId);
            } catch (CallRefusedException e) {
                throw refused(e);
            }
            return;
        }
        sessionLock.lock();
        try {
            CallChannel channel = session;
            if (channel == null || channel.transport.isClosed()) {
                return;
            }
            FrameWriter out = channel.out
                    .reset()
                    .writeByte(Protocol.DECREF)
                    .writeVarLong(objectId)
                    .writeVarLong(1);
            channel.transport.send(out.bytes(), out.length());
        } catch (RuntimeException e) {
            // The server is gone, and with it the reference.
        } finally {
            sessionLock.unlock();
        }
    }

    private FrameReader sessionRequest(FrameWriter request, String what) {
        sessionLock.lock();
        try {
            CallChannel channel = ensureSessionLocked();
            channel.out.reset().writeBytes(request.bytes(), 0, request.length());
            byte[] reply;
            try {
                channel.transport.send(channel.out.bytes(), channel.out.length());
                reply = channel.transport.receive(Long.MAX_VALUE);
            } catch (EofException | FrameException | ProcessStateException e) {
                channel.transport.close();
                deathCause = "its session connection broke (" + e.getMessage() + ")";
                throw unreachable("went away while this process asked for " + what, e);
            }
            FrameReader in = new FrameReader(reply);
            int status = in.readByte();
            if (status != Protocol.OK) {
                Throwable failure = failure(status, in, what);
                throw failure instanceof RuntimeException runtime
                        ? runtime
                        : new RemoteCallException(failure.toString());
            }
            return in;
        } finally {
            sessionLock.unlock();
        }
    }

    private void ensureSession() {
        if (local != null) {
            return;
        }
        sessionLock.lock();
        try {
            ensureSessionLocked();
        } finally {
            sessionLock.unlock();
        }
    }

    private CallChannel ensureSessionLocked() {
        if (session != null && !session.transport.isClosed()) {
            return session;
        }
        if (session != null) {
            deathCause = "its session connection closed";
        }
        checkAlive();
        session = open(Protocol.KIND_SESSION);
        return session;
    }

    // ------------------------------------------------------------------ connections

    private CallChannel channel() {
        CallChannel channel = channels.get();
        if (channel != null && !channel.transport.isClosed()) {
            return channel;
        }
        if (channel != null) {
            open.remove(channel);
        }
        checkAlive();
        ensureSession();
        channel = open(Protocol.KIND_CALLS);
        channels.set(channel);
        open.add(channel);
        ChannelSweeper.watch(this);
        return channel;
    }

    private CallChannel open(int kind) {
        Transport transport = connectTransport();
        boolean wantsRing = kind == Protocol.KIND_CALLS
                && RINGS
                && transport instanceof ConnectionTransport
                && address.startsWith("unix:");
        try {
            FrameWriter out = new FrameWriter()
                    .writeByte(Protocol.HELLO)
                    .writeByte(kind)
                    .writeLong(sessionId)
                    .writeLong(ProcessHandle.current().pid())
                    .writeByte(wantsRing ? 1 : 0);
            transport.send(out.bytes(), out.length());
            byte[] reply = transport.receive(System.nanoTime() + Listener.DEFAULT_HANDSHAKE_TIMEOUT.toNanos());
            if (reply == null) {
                throw new FrameException("no answer to the greeting within " + Listener.DEFAULT_HANDSHAKE_TIMEOUT);
            }
            FrameReader in = new FrameReader(reply);
            if (in.readByte() != Protocol.OK) {
                throw new FrameException("the server refused the greeting");
            }
            long id = in.readLong();
            long pid = in.readLong();
            if (serverId != 0 && serverId != id) {
                transport.close();
                deathCause = "the server at " + address + " is not the one this process knew (it was restarted); "
                        + "the objects of the earlier server are gone";
                throw unreachable("was restarted", null);
            }
            serverId = id;
            serverPid = pid;
            ManagerClients.known(this);
            if (wantsRing && in.remaining() > 0 && in.readByte() == 1) {
                transport = RingTransport.offer((ConnectionTransport) transport);
            }
            return new CallChannel(transport, Thread.currentThread());
        } catch (EofException | FrameException | ProcessStateException e) {
            transport.close();
            throw unreachable("closed the connection during the greeting", e);
        }
    }

    private Transport connectTransport() {
        // A host that went down answers nothing: reaching it gives up within the call timeout if shorter.
        Duration timeout = callTimeout;
        Duration handshake = Listener.DEFAULT_HANDSHAKE_TIMEOUT;
        Duration reach = timeout != null && timeout.compareTo(handshake) < 0 ? timeout : handshake;
        if (tls != null) {
            if (!(socketAddress instanceof InetSocketAddress inet)) {
                throw new IllegalArgumentException("TLS needs a TCP address, not " + address);
            }
            try {
                return TlsTransport.connect(tls, inet, authkey, maxMessageSize, handshake, reach);
            } catch (UncheckedIOException e) {
                throw new ManagerUnreachableException(e.getMessage(), e.getCause());
            }
        }
        try {
            return new ConnectionTransport(Client.connect(socketAddress, authkey, maxMessageSize, handshake, reach));
        } catch (AuthenticationException | InterruptedOperationException e) {
            throw e;
        } catch (MultiprocessException e) {
            if (local == null && serverId != 0) {
                deathCause = "nothing listens at its address any more";
            }
            throw unreachable("cannot be reached", e);
        }
    }

    private void checkAlive() {
        String cause = deathCause;
        if (cause != null) {
            throw new ManagerUnreachableException("The manager at " + address + " is gone: " + cause, null);
        }
    }

    private ManagerUnreachableException unreachable(String what, @Nullable Throwable cause) {
        return new ManagerUnreachableException(
                "The manager at " + address + " " + what + (cause == null ? "" : ": " + cause.getMessage())
                        + "; its server process may have ended or been shut down",
                cause);
    }

    private void discard(CallChannel channel) {
        channel.transport.close();
        open.remove(channel);
        if (channels.get() == channel) {
            channels.remove();
        }
    }

    /** Closes the connections of threads that ended. */
    boolean sweep() {
        for (CallChannel channel : open) {
            if (!channel.owner.isAlive() || channel.transport.isClosed()) {
                channel.transport.close();
                open.remove(channel);
            }
        }
        return !open.isEmpty();
    }

    // ------------------------------------------------------------------ server control

    /** Asks the server to stop; true if it confirmed. */
    boolean shutdownServer(Duration timeout) {
        try {
            CallChannel channel = open(Protocol.KIND_CALLS);
            try {
                FrameWriter out = channel.out.reset().writeByte(Protocol.SHUTDOWN);
                channel.transport.send(out.bytes(), out.length());
                return channel.transport.receive(System.nanoTime() + timeout.toNanos()) != null;
            } finally {
                channel.transport.close();
            }
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The server's number of objects and their description. */
    Object[] info() {
        CallChannel channel = channel();
        channel.out.reset().writeByte(Protocol.INFO);
        FrameReader in = new FrameReader(roundTrip(channel, "its debug information"));
        if (in.readByte() != Protocol.OK) {
            throw new RemoteCallException("The manager at " + address + " refused its debug information");
        }
        return new Object[] {in.readVarInt(), in.readString()};
    }

    /** Closes every connection of this process to the server; later use fails. */
    void close(String why) {
        if (deathCause == null) {
            deathCause = why;
        }
        sessionLock.lock();
        try {
            if (session != null) {
                session.transport.close();
            }
        } finally {
            sessionLock.unlock();
        }
        for (CallChannel channel : open) {
            channel.transport.close();
        }
        open.clear();
        ManagerClients.forget(this);
    }

    @Override
    public String toString() {
        return "ManagerClient[" + address + (isLocal() ? ", in this process" : "") + (isDead() ? ", gone" : "") + "]";
    }
}
