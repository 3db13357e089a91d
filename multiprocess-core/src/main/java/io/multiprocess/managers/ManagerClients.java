package io.multiprocess.managers;

import io.multiprocess.ProcessStateException;
import io.multiprocess.function.SerializableSupplier;
import io.multiprocess.managers.server.LocalServers;
import io.multiprocess.managers.server.Server;
import io.multiprocess.managers.transport.ValueCodec;
import io.multiprocess.process.Processes;
import io.multiprocess.serialization.Serializer;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * This process's {@link ManagerClient}s, one per server: by the address managers connect to, and by
 * the server id proxy references carry.
 */
final class ManagerClients {

    private static final ConcurrentHashMap<String, ManagerClient> BY_ADDRESS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Long, ManagerClient> BY_SERVER = new ConcurrentHashMap<>();

    private ManagerClients() {}

    /** The client for a manager this process connects to (or starts, or serves). */
    static synchronized ManagerClient forAddress(
            String address, byte[] authkey, Serializer serializer, @Nullable SerializableSupplier<SSLContext> tls) {
        String key = key(address, tls != null);
        ManagerClient existing = BY_ADDRESS.get(key);
        if (existing != null
                && !existing.isDead()
                && existing.hasKey(authkey)
                && existing.serializer().getClass() == serializer.getClass()
                && existing.tlsFactory() == tls) {
            return existing;
        }
        Server local = LocalServers.byAddress(address);
        if (local != null && !local.hasKey(authkey)) {
            local = null; // a client with another key connects, and fails to authenticate, as from another process
        }
        ManagerClient client = new ManagerClient(address, authkey, serializer, tls, local, 0);
        BY_ADDRESS.put(key, client);
        if (client.isLocal()) {
            BY_SERVER.put(client.serverId(), client);
        }
        return client;
    }

    /** The client for the server a proxy reference names. */
    static synchronized ManagerClient forReference(ProxyReference reference) {
        ManagerClient known = BY_SERVER.get(reference.serverId());
        if (known != null && !known.isDead()) {
            return known;
        }
        for (ManagerClient client : BY_ADDRESS.values()) {
            if (client.serverId() == reference.serverId() && !client.isDead()) {
                BY_SERVER.put(reference.serverId(), client);
                return client;
            }
        }
        Server local = LocalServers.get(reference.serverId());
        if (reference.tls() && local == null && reference.tlsContext() == null) {
            throw new ProcessStateException("A proxy of " + reference.typeId() + " arrived from the TLS manager at "
                    + reference.address()
                    + ", which this process has not connected to: connect a manager with the same "
                    + "address, key and SSLContext (withTls) first, so that its proxies can reach their server");
        }
        byte[] authkey = reference.authkey() != null
                ? reference.authkey()
                : Processes.current().authkey();
        ManagerClient client = new ManagerClient(
                reference.address(),
                authkey,
                ValueCodec.serializer(reference.serializerClass()),
                local == null ? reference.tlsContext() : null,
                local,
                reference.serverId());
        BY_SERVER.put(reference.serverId(), client);
        BY_ADDRESS.putIfAbsent(key(reference.address(), client.tlsFactory() != null), client);
        return client;
    }

    /** Called once a client learned its server's id. */
    static void known(ManagerClient client) {
        BY_SERVER.merge(client.serverId(), client, (old, fresh) -> old.isDead() ? fresh : old);
    }

    static synchronized void forget(ManagerClient client) {
        BY_SERVER.remove(client.serverId(), client);
        BY_ADDRESS.values().remove(client);
    }

    private static String key(String address, boolean tls) {
        return tls ? "tls|" + address : address;
    }
}
