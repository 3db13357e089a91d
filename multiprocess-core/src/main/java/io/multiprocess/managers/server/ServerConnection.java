package io.multiprocess.managers.server;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.SerializationException;
import io.multiprocess.connection.EofException;
import io.multiprocess.connection.FrameException;
import io.multiprocess.managers.transport.ConnectionTransport;
import io.multiprocess.managers.transport.FrameReader;
import io.multiprocess.managers.transport.FrameWriter;
import io.multiprocess.managers.transport.Protocol;
import io.multiprocess.managers.transport.RingTransport;
import io.multiprocess.managers.transport.Transport;
import io.multiprocess.managers.transport.ValueCodec;
import io.multiprocess.serialization.DeserializationRefusedException;
import io.multiprocess.util.ProcessLogging;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * One client connection of a server, served by a thread of its own: reads a request, carries it out,
 * answers, until the client closes. Python's {@code Server.serve_client}.
 *
 * <p>When the connection ends (the client closed it, its thread or process ended, the server stops),
 * this thread releases the locks its client held on served locks; a session connection's end releases
 * the client process's references.
 */
final class ServerConnection implements Runnable {

    private static final Logger LOG = ProcessLogging.getLogger(ServerConnection.class);

    private final Server server;
    private volatile Transport transport;
    private final FrameWriter out = new FrameWriter();
    private final List<String> slots = new ArrayList<>();
    private final Set<HeldByConnections> holdings = ConcurrentHashMap.newKeySet();
    private @Nullable Session session;
    private boolean sessionConnection;
    private volatile @Nullable Thread thread;

    ServerConnection(Server server, Transport transport) {
        this.server = server;
        this.transport = transport;
    }

    Server server() {
        return server;
    }

    /** Whether the client this connection serves is gone, or the server stops. */
    boolean callerGone() {
        return server.isStopping() || transport.peerGone();
    }

    /** Records that this connection's client holds something that must be released if it goes away. */
    void holds(HeldByConnections resource) {
        holdings.add(resource);
    }

    void close() {
        transport.close();
        Thread serving = thread;
        if (serving != null) {
            serving.interrupt();
        }
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        ServingContext.enter(this);
        try {
            if (!greet()) {
                return;
            }
            while (!server.isStopping()) {
                byte[] request;
                try {
                    request = transport.receive(Long.MAX_VALUE);
                } catch (EofException | FrameException | ProcessStateException | InterruptedOperationException ended) {
                    return;
                }
                if (server.isStopping() || !serve(request)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Manager connection {} failed: {}", transport, e.toString(), e);
        } finally {
            ServingContext.leave();
            transport.close();
            for (HeldByConnections held : holdings) {
                held.releaseHeldBy(this);
            }
            if (session != null && sessionConnection) {
                server.table().close(session);
            }
            server.connectionEnded(this);
        }
    }

    private boolean greet() {
        byte[] hello;
        try {
            hello = transport.receive(
                    System.nanoTime() + server.limits().handshakeTimeout().toNanos());
        } catch (RuntimeException e) {
            return false;
        }
        if (hello == null) {
            return false;
        }
        FrameReader in = new FrameReader(hello);
        if (in.readByte() != Protocol.HELLO) {
            return false;
        }
        int kind = in.readByte();
        long sessionId = in.readLong();
        in.readLong();
        boolean wantsRing = in.remaining() > 0 && in.readByte() == 1;
        boolean ring = wantsRing
                && transport instanceof ConnectionTransport
                && server.addressText().startsWith("unix:");
        sessionConnection = kind == Protocol.KIND_SESSION;
        session = server.table().session(sessionId);
        out.reset()
                .writeByte(Protocol.OK)
                .writeLong(server.id())
                .writeLong(ProcessHandle.current().pid())
                .writeByte(ring ? 1 : 0);
        if (!send()) {
            return false;
        }
        if (ring) {
            try {
                transport = RingTransport.accept((ConnectionTransport) transport);
            } catch (RuntimeException e) {
                transport.close();
                return false;
            }
        }
        return true;
    }

    /** Carries out one request; false when the connection should end. */
    private boolean serve(byte[] request) {
        FrameReader in = new FrameReader(request);
        int op = in.readByte();
        try {
            switch (op) {
                case Protocol.CALL:
                    call(in);
                    break;
                case Protocol.CREATE:
                    create(in);
                    break;
                case Protocol.INCREF:
                    server.table().incref(session, in.readVarLong());
                    out.reset().writeByte(Protocol.OK);
                    break;
                case Protocol.DECREF:
                    server.table().decref(session, in.readVarLong(), in.readVarInt());
                    return true;
                case Protocol.TRANSIT: {
                    long transit = server.table().transit(session, in.readVarLong());
                    out.reset().writeByte(Protocol.OK).writeVarLong(transit);
                    break;
                }
                case Protocol.CLAIM: {
                    long transit = in.readVarLong();
                    server.table().claim(transit, session, in.readVarLong());
                    out.reset().writeByte(Protocol.OK);
                    break;
                }
                case Protocol.SHUTDOWN:
                    out.reset().writeByte(Protocol.OK);
                    send();
                    server.stop();
                    return false;
                case Protocol.INFO:
                    out.reset()
                            .writeByte(Protocol.OK)
                            .writeVarLong(server.table().size())
                            .writeString(server.table().describe());
                    break;
                default:
                    out.reset().writeByte(Protocol.FAILED).writeString("Unknown manager request " + op);
            }
        } catch (CallRefusedException e) {
            out.reset().writeByte(Protocol.FAILED).writeString(e.getMessage());
        } catch (DeserializationRefusedException e) {
            LOG.warn(
                    "Manager connection {} sent a value the deserialization policy refuses: {}",
                    transport,
                    e.getMessage());
            out.reset()
                    .writeByte(Protocol.FAILED)
                    .writeString("The manager could not read the request: " + e.getMessage());
        } catch (FrameReader.MalformedFrameException | SerializationException e) {
            out.reset()
                    .writeByte(Protocol.FAILED)
                    .writeString("The manager could not read the request: " + e.getMessage());
        }
        return send();
    }

    private boolean send() {
        if (server.isStopping() && out.length() > 0 && out.bytes()[0] != Protocol.OK) {
            // A call woken up by the stop (interrupted) answers nothing: its client sees the server go away.
            return false;
        }
        try {
            transport.send(out.bytes(), out.length());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void call(FrameReader in) {
        long objectId = in.readVarLong();
        long methodRef = in.readVarLong();
        int slot = (int) (methodRef >>> 1);
        if ((methodRef & 1) != 0) {
            String descriptor = in.readString();
            if (slot != slots.size()) {
                throw new FrameReader.MalformedFrameException("method slot " + slot + " defined out of order");
            }
            slots.add(descriptor);
        }
        if (slot >= slots.size()) {
            throw new FrameReader.MalformedFrameException("unknown method slot " + slot);
        }
        String descriptor = slots.get(slot);
        ServedObject object = server.table().require(objectId);
        Object[] args = ValueCodec.readAll(in, server.serializer(), server.deserializationPolicy());
        Object result;
        Method method = null;
        try {
            if (descriptor.equals(Protocol.TO_STRING)) {
                result = String.valueOf(object.referent);
            } else if (descriptor.equals(Protocol.COPY)) {
                result = object.referent instanceof Copyable copyable ? copyable.copy() : object.referent;
            } else {
                method = MethodResolver.resolve(object.referent.getClass(), descriptor, args);
                if (!object.isExposed(method.getName())) {
                    throw new CallRefusedException("Method " + method.getName() + " of the served " + object
                            + " is not exposed: the type '" + object.type.typeId() + "' exposes "
                            + object.exposed.stream().sorted().toList()
                            + "; register it with this method in 'exposed' to call it");
                }
                result = method.invoke(object.referent, args);
            }
        } catch (InvocationTargetException e) {
            replyThrown(e.getCause());
            return;
        } catch (IllegalAccessException | IllegalArgumentException e) {
            throw new CallRefusedException(
                    "The manager could not call " + descriptor + " on the served " + object + ": " + e);
        }
        String typeId = method == null ? null : object.type.methodToTypeId().get(method.getName());
        if (typeId != null && result != null) {
            ServedObject served = server.table().add(result, server.spec(typeId), session);
            result = server.reference(served, session);
        }
        replyOk(result, descriptor);
    }

    private void create(FrameReader in) {
        String typeId = in.readString();
        Object[] args = ValueCodec.readAll(in, server.serializer(), server.deserializationPolicy());
        TypeSpec spec = server.spec(typeId);
        if (!spec.createMethod()) {
            throw new CallRefusedException("Type '" + typeId + "' cannot be created directly (it was registered with "
                    + "createMethod=false); objects of it come from methods of other served objects");
        }
        if (spec.factory() == null) {
            throw new CallRefusedException(
                    "Type '" + typeId + "' has no factory on the manager's server (it was registered "
                            + "without one there); register it with a factory in the process that serves");
        }
        Object referent;
        try {
            referent = spec.factory().apply(args);
        } catch (RuntimeException | Error e) {
            replyThrown(e);
            return;
        }
        if (referent == null) {
            throw new CallRefusedException("The factory of type '" + typeId + "' returned null");
        }
        ServedObject served = server.table().add(referent, spec, session);
        out.reset().writeByte(Protocol.OK).writeVarLong(served.id).writeVarLong(served.interfaces.length);
        for (String name : served.interfaces) {
            out.writeString(name);
        }
    }

    private void replyOk(@Nullable Object value, String descriptor) {
        out.reset().writeByte(Protocol.OK);
        Object previous = SerializationScope.enter(new SerializationScope.Reply(server, session));
        try {
            ValueCodec.write(out, value, server.serializer());
        } catch (SerializationException e) {
            throw new CallRefusedException("The result of " + descriptor + " cannot be sent back: " + e.getMessage());
        } finally {
            SerializationScope.restore(previous);
        }
    }

    private void replyThrown(Throwable thrown) {
        out.reset().writeByte(Protocol.THROWN);
        try {
            ValueCodec.write(out, thrown, server.serializer());
        } catch (SerializationException e) {
            out.reset()
                    .writeByte(Protocol.FAILED)
                    .writeString(
                            "The served object threw " + thrown + ", which cannot be sent back: " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "ServerConnection[" + transport + ", " + session + "]";
    }
}
