package io.multiprocess.process;

import io.multiprocess.internal.exit.ExitSequence;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * This JVM's forkserver, started on first use. Python's module-level {@code _forkserver}.
 *
 * <p>One server per JVM: a child that starts processes with the forkserver method gets a server of its
 * own (which dies with it), rather than sharing its parent's, so that no socket has to stay reachable in
 * the file system. At exit, once the JVM's children are dealt with (daemon children terminated, non-daemon
 * children ended), the connection is closed and the server exits; if the JVM dies abruptly, the server
 * dies with it by its parent-death signal.
 *
 * <p>The forkserver package's {@code ForkServer} is the public face of it.
 */
public final class ForkServerClient {

    /**
     * Where closing the server stands in the exit sequence: after the children step (whose daemon
     * children the server terminates and reports) and after the other negative-priority actions.
     */
    static final int EXIT_PRIORITY = -1000;

    private static final Object LOCK = new Object();
    private static @Nullable ForkServerConnection current;
    private static boolean exitActionInstalled;
    private static volatile List<String> defaultPreload = List.of();

    private ForkServerClient() {}

    /**
     * The connection to a running server, starting one if none runs.
     *
     * @return the connection
     * @throws io.multiprocess.ProcessStartException if the server cannot be started
     */
    static ForkServerConnection connection() {
        synchronized (LOCK) {
            if (current == null || current.isClosed()) {
                if (!exitActionInstalled) {
                    ExitSequence.register(EXIT_PRIORITY, ForkServerClient::closeAtExit);
                    exitActionInstalled = true;
                }
                current = ForkServerConnection.open();
            }
            return current;
        }
    }

    /**
     * The connection to the server, if one runs.
     *
     * @return the connection, or empty
     */
    static Optional<ForkServerConnection> running() {
        synchronized (LOCK) {
            return current == null || current.isClosed() ? Optional.empty() : Optional.of(current);
        }
    }

    /**
     * The pid of the server, if one runs.
     *
     * @return the pid, or empty
     */
    public static Optional<Long> serverPid() {
        return running().map(ForkServerConnection::serverPid);
    }

    /**
     * The idle spare JVMs of the running server (none when no server runs): processes of the library that
     * hold no user process yet. For checks that look for leftover processes.
     *
     * @return the pids of the idle spares
     */
    public static List<Long> idleSpares() {
        Optional<ForkServerConnection> connection = running();
        if (connection.isEmpty()) {
            return List.of();
        }
        try {
            return connection.get().status().idle();
        } catch (RuntimeException gone) {
            return List.of();
        }
    }

    /**
     * The idle spares of the running server that finished their warm-up.
     *
     * @return the pids of the ready spares; empty when no server runs
     */
    public static List<Long> readySpares() {
        Optional<ForkServerConnection> connection = running();
        return connection.isEmpty() ? List.of() : connection.get().status().ready();
    }

    /**
     * Starts the server if needed and asks it to keep the spares of a context's children ready.
     *
     * @param context a context (its JVM settings, spare count and preload are used whatever its start method)
     */
    public static void prepare(ProcessSettings context) {
        connection().prepare(ForkServerLauncher.configuration(context));
    }

    /**
     * Stops the server: it kills its spares and the children it started that still run, and exits. Waits
     * up to {@code wait} for it. The next forkserver start starts a new server.
     *
     * @param wait how long to wait for the server to exit
     */
    public static void stop(Duration wait) {
        ForkServerConnection connection;
        synchronized (LOCK) {
            connection = current;
            current = null;
        }
        if (connection != null) {
            connection.close(wait);
        }
    }

    /**
     * Classes that spares of contexts without a preload list of their own load and initialize.
     *
     * @param classNames fully qualified class names
     */
    public static void setDefaultPreload(List<String> classNames) {
        defaultPreload = List.copyOf(Objects.requireNonNull(classNames, "classNames"));
    }

    /**
     * The classes spares of contexts without a preload list of their own load and initialize.
     *
     * @return the class names
     */
    public static List<String> defaultPreload() {
        return defaultPreload;
    }

    private static void closeAtExit() {
        stop(Duration.ZERO);
    }
}
