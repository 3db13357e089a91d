package io.multiprocess.managers.server;

import org.jspecify.annotations.Nullable;

/**
 * The connection whose call the current server thread is carrying out: the owner of the locks it takes
 * and the client whose death ends its waits. Null outside a server thread.
 */
public final class ServingContext {

    private static final ThreadLocal<ServerConnection> CURRENT = new ThreadLocal<>();

    private ServingContext() {}

    /**
     * Whether the current thread is carrying out a call for a client of a server of this process.
     *
     * @return true on a server thread during a call
     */
    public static boolean serving() {
        return CURRENT.get() != null;
    }

    static ServerConnection current() {
        return CURRENT.get();
    }

    static void enter(ServerConnection connection) {
        CURRENT.set(connection);
    }

    static void leave() {
        CURRENT.remove();
    }

    /** The key that owns what the current caller acquires: its connection, or the thread outside a server. */
    static Object owner() {
        ServerConnection connection = CURRENT.get();
        return connection != null ? connection : Thread.currentThread();
    }

    /** Whether the client the current thread serves has gone (or the server is stopping). */
    static boolean callerGone() {
        ServerConnection connection = CURRENT.get();
        return connection != null && connection.callerGone();
    }

    /** The server the current thread serves, if any. */
    static @Nullable Server server() {
        ServerConnection connection = CURRENT.get();
        return connection == null ? null : connection.server();
    }
}
