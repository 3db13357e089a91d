package io.multiprocess.managers;

/**
 * Where the values being serialized on this thread are going, so that a proxy among them can travel
 * with the least work (see {@link ProxyHandler#writeReplace()}):
 * <ul>
 *   <li>to its own server, as an argument of a call: the caller's proxy outlives the call, so the proxy
 *       travels <em>borrowed</em>, and the server takes its own reference when it keeps it;</li>
 *   <li>from its own server to a client, in a reply: the server counts a reference for the caller's
 *       session directly and the proxy travels <em>credited</em>;</li>
 *   <li>anywhere else (a queue, a pipe, a child's arguments, another server): the sender takes a transit
 *       reference first, which the receiver claims.</li>
 * </ul>
 */
final class SerializationScope {

    private static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();

    /** Arguments of a call to the server with this id. */
    record Request(long serverId) {
    }

    /** A reply of this server to a client of this session. */
    record Reply(Server server, Session session) {
    }

    /**
     * A reply being read by a client: proxies in it keep {@code manager} alive, as the proxy whose call
     * returned them does (the manager's finalizer shuts its server down).
     */
    record Reading(Object manager) {
    }

    /** The manager the proxies being read should keep alive, or null. */
    static Object keepAlive() {
        return CURRENT.get() instanceof Reading reading ? reading.manager() : null;
    }

    private SerializationScope() {
    }

    static Object current() {
        return CURRENT.get();
    }

    /** Sets the scope; returns the previous one, to restore with {@link #restore(Object)}. */
    static Object enter(Object scope) {
        Object previous = CURRENT.get();
        CURRENT.set(scope);
        return previous;
    }

    static void restore(Object previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
