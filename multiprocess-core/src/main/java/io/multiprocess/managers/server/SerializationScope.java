package io.multiprocess.managers.server;

import org.jspecify.annotations.Nullable;

/**
 * Where the values being serialized on this thread are going, so that a proxy among them can travel
 * with the least work (see the proxies' {@code writeReplace}):
 * <ul>
 *   <li>to its own server, as an argument of a call: the caller's proxy outlives the call, so the proxy
 *       travels <em>borrowed</em>, and the server takes its own reference when it keeps it;</li>
 *   <li>from its own server to a client, in a reply: the server counts a reference for the caller's
 *       session directly and the proxy travels <em>credited</em>;</li>
 *   <li>anywhere else (a queue, a pipe, a child's arguments, another server): the sender takes a transit
 *       reference first, which the receiver claims.</li>
 * </ul>
 */
public final class SerializationScope {

    private static final ThreadLocal<@Nullable Object> CURRENT = new ThreadLocal<>();

    /**
     * Arguments of a call to the server with this id.
     *
     * @param serverId the id of the server called
     */
    public record Request(long serverId) {}

    /** A reply of a server to a client of one of its sessions. */
    public static final class Reply {

        private final Server server;
        private final Session session;

        Reply(Server server, Session session) {
            this.server = server;
            this.session = session;
        }

        /**
         * The server replying.
         *
         * @return its random id
         */
        public long serverId() {
            return server.id();
        }

        /**
         * Counts one more reference to an object for the session the reply goes to, which receives it
         * credited.
         *
         * @param objectId the object's id on the server
         * @return the session's id, the credit the reference travels with
         */
        public long credit(long objectId) {
            server.table().incref(session, objectId);
            return session.id;
        }
    }

    /**
     * A reply being read by a client: proxies in it keep {@code manager} alive, as the proxy whose call
     * returned them does (the manager's finalizer shuts its server down).
     *
     * @param manager the manager to keep alive
     */
    public record Reading(Object manager) {}

    /**
     * The manager the proxies being read should keep alive.
     *
     * @return the manager, or null
     */
    public static @Nullable Object keepAlive() {
        return CURRENT.get() instanceof Reading reading ? reading.manager() : null;
    }

    private SerializationScope() {}

    /**
     * The current thread's scope.
     *
     * @return a {@link Request}, a {@link Reply}, a {@link Reading}, or null
     */
    public static @Nullable Object current() {
        return CURRENT.get();
    }

    /**
     * Sets the scope.
     *
     * @param scope the new scope
     * @return the previous one, to restore with {@link #restore(Object)}
     */
    public static @Nullable Object enter(@Nullable Object scope) {
        Object previous = CURRENT.get();
        CURRENT.set(scope);
        return previous;
    }

    /**
     * Restores the scope {@link #enter} replaced.
     *
     * @param previous what {@link #enter} returned
     */
    public static void restore(@Nullable Object previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
