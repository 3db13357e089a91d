package io.multiprocess.forkserver;

import io.multiprocess.StartMethod;
import io.multiprocess.process.DefaultSettings;
import io.multiprocess.process.ForkServerClient;
import io.multiprocess.process.ProcessSettings;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * This JVM's forkserver. Python's {@code multiprocessing.forkserver} module functions.
 *
 * <p>How it works: on first use a server JVM starts (a child of this JVM). For each configuration of
 * child JVM (Java executable, JVM options, class path, preloaded classes) it keeps
 * {@link ProcessSettings#forkserverSpares()} spare JVMs that have booted and warmed up (Kryo initialized,
 * a sample process object deserialized and run, preloaded classes initialized) and wait for work.
 * {@code start()} sends the process object to the server, which hands it to a ready spare and starts a new
 * spare in the background; when no spare is ready, the server starts a JVM for the process as spawn would.
 * The spares' parent is the server, which reports their exit codes and forwards {@code terminate()} and
 * {@code kill()}.
 *
 * <p>Lifetime: spares never outlive the server (they poll it while idle, and arm the kernel's
 * parent-death signal once their process has run a second, as spawned children do with their parent), and
 * the server never outlives this JVM (it arms that signal at once, and exits when its connection closes). At exit, after this JVM's daemon children were terminated and its non-daemon children ended,
 * the server is stopped. A child process that starts processes with the forkserver method gets a server
 * of its own.
 *
 * <p>Throughput: a spare takes about as long to warm up as a spawned child takes to start, so a burst of
 * more starts than there are spares runs at spawn speed until new spares are ready; raise the spare count
 * ({@link ProcessSettings#withForkserverSpares(int)}) for bursts.
 */
public final class ForkServer {

    private ForkServer() {}

    /**
     * Starts the server if it does not run, and has it prepare the spares of the default context's children
     * (or, when the default context does not use the forkserver, of a default forkserver context). Returns
     * once the server runs; the spares warm up in the background. Python's {@code forkserver.ensure_running()}.
     *
     * @throws io.multiprocess.ProcessStartException if the server cannot be started
     */
    public static void ensureRunning() {
        ProcessSettings context = DefaultSettings.get();
        ensureRunning(
                context.startMethod() == StartMethod.FORKSERVER ? context : ProcessSettings.of(StartMethod.FORKSERVER));
    }

    /**
     * Starts the server if it does not run, and has it prepare spares for the children of {@code context}
     * (its Java executable, JVM options, spare count and preloaded classes).
     *
     * @param context the context whose children should start fast
     * @throws io.multiprocess.ProcessStartException if the server cannot be started
     * @throws IllegalArgumentException for a thread-backed context
     */
    public static void ensureRunning(ProcessSettings context) {
        Objects.requireNonNull(context, "context");
        if (context.isThreadBacked()) {
            throw new IllegalArgumentException(
                    "The 'thread' context starts no JVMs; the forkserver cannot prepare any");
        }
        ForkServerClient.prepare(context);
    }

    /**
     * Whether the server runs.
     *
     * @return true while a server started by this JVM runs
     */
    public static boolean isRunning() {
        return ForkServerClient.serverPid().isPresent();
    }

    /**
     * The server's pid.
     *
     * @return the pid, or empty when no server runs
     */
    public static OptionalLong pid() {
        return ForkServerClient.serverPid().map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /**
     * Sets the classes that spare JVMs load and initialize while they wait for work, for forkserver contexts
     * that do not set their own ({@link ProcessSettings#withForkserverPreload(String...)}). Applies to spares
     * started afterwards. Python's {@code set_forkserver_preload(module_names)}; as there, it is a hint: a
     * class that cannot be loaded is skipped.
     *
     * @param classNames fully qualified class names
     * @throws IllegalArgumentException if a name is null or blank
     */
    public static void setPreload(String... classNames) {
        for (String name : classNames) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(
                        "Class names to preload must not be null or blank: " + Arrays.toString(classNames));
            }
        }
        ForkServerClient.setDefaultPreload(
                Arrays.stream(classNames).map(String::trim).toList());
    }

    /**
     * The classes set by {@link #setPreload(String...)}.
     *
     * @return the class names
     */
    public static List<String> preload() {
        return ForkServerClient.defaultPreload();
    }

    /**
     * Stops the server: its spares and the children it started that still run are killed (-9). Waits up
     * to 10 seconds for it to exit. A later forkserver start starts a new server. Rarely needed: the server
     * stops by itself when this JVM exits.
     */
    public static void stop() {
        ForkServerClient.stop(Duration.ofSeconds(10));
    }
}
