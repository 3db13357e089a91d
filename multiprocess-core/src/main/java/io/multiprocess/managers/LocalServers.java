package io.multiprocess.managers;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The servers running in this process, by id: a proxy reference that names one of them is resolved
 * without a round trip for its reference count (the server's own process holds its references in the
 * server's {@link Session#LOCAL local session}).
 */
final class LocalServers {

    private static final ConcurrentHashMap<Long, Server> SERVERS = new ConcurrentHashMap<>();

    private LocalServers() {
    }

    static void add(Server server) {
        SERVERS.put(server.id(), server);
    }

    static void remove(Server server) {
        SERVERS.remove(server.id(), server);
    }

    static Server get(long serverId) {
        return SERVERS.get(serverId);
    }

    static Server byAddress(String address) {
        for (Server server : SERVERS.values()) {
            if (server.addressText().equals(address)) {
                return server;
            }
        }
        return null;
    }
}
