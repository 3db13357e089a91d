package io.multiprocess.managers;

import io.multiprocess.function.SerializableSupplier;
import io.multiprocess.managers.server.SerializationScope;
import java.io.Serial;
import java.io.Serializable;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * What a proxy travels as: the server, the object, the interfaces to implement, and how the receiving
 * process gets its reference to the object (see {@link SerializationScope}). Python's
 * {@code RebuildProxy} arguments (a token and the proxy type).
 *
 * @param serverId        the server's random id (a restarted server at the same address has another)
 * @param address         the server's address ({@link io.multiprocess.managers.transport.Addresses})
 * @param objectId        the object's id on the server
 * @param typeId          the object's type id
 * @param interfaces      names of the interfaces the proxy implements
 * @param mode            {@link #CREDITED}, {@link #BORROWED} or {@link #TRANSIT}
 * @param credit          the credited session, or the transit id
 * @param authkey         the manager's authentication key, in a transit reference (the receiver may not
 *                        hold it); null when the receiver is the server or a client it answers
 * @param serializerClass the manager's serializer
 * @param tls             whether the server speaks TLS
 * @param tlsContext      in a transit reference to a TLS server: creates the SSLContext a receiving process
 *                        connects with, if it has no connection to the server yet; null otherwise
 */
record ProxyReference(
        long serverId,
        String address,
        long objectId,
        String typeId,
        String[] interfaces,
        int mode,
        long credit,
        byte @Nullable [] authkey,
        String serializerClass,
        boolean tls,
        @Nullable SerializableSupplier<SSLContext> tlsContext)
        implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The server already counted a reference for the receiving session ({@link #credit}). */
    static final int CREDITED = 0;
    /** Sent to its own server during a call; the sender's proxy holds the reference meanwhile. */
    static final int BORROWED = 1;
    /** The sending session holds a transit reference ({@link #credit} is its id) for the receiver to claim. */
    static final int TRANSIT = 2;

    /** What the server's replies carry for an object served from a method's result (see {@link io.multiprocess.managers.server.ReferenceFactory}). */
    static ProxyReference credited(
            long serverId,
            String address,
            long objectId,
            String typeId,
            String[] interfaces,
            long session,
            String serializerClass,
            boolean tls) {
        return new ProxyReference(
                serverId, address, objectId, typeId, interfaces, CREDITED, session, null, serializerClass, tls, null);
    }

    ProxyReference withInterfaces(String[] replacement) {
        return new ProxyReference(
                serverId,
                address,
                objectId,
                typeId,
                replacement,
                mode,
                credit,
                authkey,
                serializerClass,
                tls,
                tlsContext);
    }

    @Serial
    private Object readResolve() {
        return ManagerClients.forReference(this).adopt(this, SerializationScope.keepAlive());
    }

    @Override
    public String toString() {
        return "ProxyReference['" + typeId + "' #" + objectId + " at " + address + "]";
    }
}
