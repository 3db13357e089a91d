package io.multiprocess.managers.server;

import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The servers running in this process, by id: a proxy reference that names one of them is resolved
 * without a round trip for its reference count (the server's own process holds its references in the
 * server's {@link Session#LOCAL local session}).
 */
public final class LocalServers {

    /** The session id of a server's own process: a client there uses it, with no session connection. */
    public static final long SESSION = Session.LOCAL;

    private static final ConcurrentHashMap<Long, Server> SERVERS = new ConcurrentHashMap<>();

    private LocalServers() {}

    static void add(Server server) {
        SERVERS.put(server.id(), server);
    }

    static void remove(Server server) {
        SERVERS.remove(server.id(), server);
    }

    /**
     * The server of this process with an id.
     *
     * @param serverId the server's id
     * @return the server, or null if none of this process has that id
     */
    public static @Nullable Server get(long serverId) {
        return SERVERS.get(serverId);
    }

    /**
     * The server of this process at an address.
     *
     * @param address the address, as {@link io.multiprocess.managers.transport.Addresses#format} writes it
     * @return the server, or null if none of this process serves there
     */
    public static @Nullable Server byAddress(String address) {
        for (Server server : SERVERS.values()) {
            if (server.addressText().equals(address)) {
                return server;
            }
        }
        return null;
    }

    /**
     * Counts one more reference to an object for a server's own process (its {@link Session#LOCAL local
     * session}).
     *
     * @param server   a server of this process
     * @param objectId the object's id on it
     * @throws CallRefusedException if the server holds no such object
     */
    public static void incref(Server server, long objectId) {
        server.table().incref(server.table().session(Session.LOCAL), objectId);
    }

    /**
     * Takes a transit reference to an object for a server's own process, for a proxy leaving it.
     *
     * @param server   a server of this process
     * @param objectId the object's id on it
     * @return the transit reference's id, for the receiver to claim
     * @throws CallRefusedException if the server holds no such object
     */
    public static long transit(Server server, long objectId) {
        return server.table().transit(server.table().session(Session.LOCAL), objectId);
    }

    /**
     * Claims a transit reference for a server's own process.
     *
     * @param server    a server of this process
     * @param transitId the transit reference's id
     * @param objectId  the object's id on the server
     * @throws CallRefusedException if the server holds no such object
     */
    public static void claim(Server server, long transitId, long objectId) {
        server.table().claim(transitId, server.table().session(Session.LOCAL), objectId);
    }

    /**
     * Gives back one reference of a server's own process to an object.
     *
     * @param server   a server of this process
     * @param objectId the object's id on it
     */
    public static void decref(Server server, long objectId) {
        server.table().decref(server.table().session(Session.LOCAL), objectId, 1);
    }
}
