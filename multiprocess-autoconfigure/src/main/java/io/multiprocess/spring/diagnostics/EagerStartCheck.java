package io.multiprocess.spring.diagnostics;

import io.multiprocess.context.ProcessContext;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolStats;
import io.multiprocess.pool.RemotePool;
import io.multiprocess.pool.ThreadPool;
import io.multiprocess.process.ChildProcess;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code multiprocess.pool.startup=eager} promises: when the context starts, the pool's workers boot,
 * or the start-up fails. Waits until a worker of the freshly created pool is ready; if the pool gives up
 * because its workers die before they are ready (a child JVM that cannot boot, such as one with an unknown
 * {@code -XX:} option), starts one child of the same context with its standard error captured, and fails
 * with a {@link MultiprocessConfigurationException} that quotes the child's own error and names
 * {@code multiprocess.child.jvm-options} and {@code multiprocess.child.executable}.
 *
 * <p>Pools of threads and of a cluster have no child JVM to wait for: they pass at once. A pool whose
 * workers are still booting after the wait's limit passes too (with a warning), so that a slow machine
 * does not fail the start-up.
 */
public final class EagerStartCheck implements Consumer<Pool> {

    private static final Logger LOG = LoggerFactory.getLogger(EagerStartCheck.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How long the diagnosing child may take to fail (or to run its empty task). */
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(60);
    /** How many lines of the child's standard error the report quotes. */
    private static final int QUOTED_LINES = 6;

    private final ProcessContext context;
    private final Duration limit;

    /**
     * A check of pools whose workers the context starts.
     *
     * @param context the context of the pool's workers, whose JVM settings the diagnosing child uses
     * @param limit   how long to wait for the first worker to be ready
     */
    public EagerStartCheck(ProcessContext context, Duration limit) {
        this.context = Objects.requireNonNull(context, "context");
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    /**
     * Waits until a worker of the pool is ready.
     *
     * @param pool the pool just created
     * @throws MultiprocessConfigurationException if its workers cannot start
     */
    @Override
    public void accept(Pool pool) {
        if (pool instanceof ThreadPool || pool instanceof RemotePool) {
            return;
        }
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            PoolStats stats = pool.stats();
            if (stats.readyWorkers() > 0) {
                return;
            }
            if (stats.state() == PoolStats.State.BROKEN) {
                throw failure();
            }
            if (stats.state() != PoolStats.State.RUNNING) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                LOG.warn("{}: no worker was ready within {} of the start; going on", pool, limit);
                return;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private MultiprocessConfigurationException failure() {
        String childError;
        try {
            childError = probe();
        } catch (IOException | RuntimeException e) {
            childError = "(its error could not be captured: " + e + ")";
        }
        return new MultiprocessConfigurationException(
                List.of("multiprocess.child.jvm-options", "multiprocess.child.executable"),
                "multiprocess.pool.startup=eager: the pool's worker processes failed to start, each exiting before "
                        + "it was ready. A child JVM started with the same settings said:\n\n"
                        + childError,
                "Fix or remove what the child JVM rejects in multiprocess.child.jvm-options (or "
                        + "multiprocess.child.executable). Run the launcher with the same options by hand to try "
                        + "them. To start the application anyway and start the workers on first use, set "
                        + "multiprocess.pool.startup=lazy.",
                null);
    }

    /** Starts one child with the pool's JVM settings and returns what it wrote to its standard error. */
    private String probe() throws IOException {
        Path errors = Files.createTempFile("multiprocess-child-error", ".txt");
        try {
            ChildProcess child = context.withOutput(Redirect.DISCARD, Redirect.to(errors.toFile()))
                    .process("EagerStartCheck", EagerStartCheck::nothing);
            child.setDaemon(true);
            String startFailure = null;
            OptionalInt exitCode = OptionalInt.empty();
            try {
                child.start();
                if (!child.join(PROBE_LIMIT)) {
                    child.kill();
                    child.join(PROBE_LIMIT);
                }
                exitCode = child.exitCode();
            } catch (RuntimeException e) {
                startFailure = e.getMessage();
            } finally {
                try {
                    child.close();
                } catch (RuntimeException stillRunning) {
                    // Killed above; nothing more to do.
                }
            }
            List<String> lines = Files.readAllLines(errors, StandardCharsets.UTF_8).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .limit(QUOTED_LINES)
                    .toList();
            StringBuilder said = new StringBuilder();
            lines.forEach(line -> said.append("    ").append(line).append('\n'));
            if (startFailure != null) {
                said.append("    (").append(startFailure).append(")\n");
            }
            if (said.isEmpty()) {
                said.append(
                        exitCode.isPresent() && exitCode.getAsInt() == 0
                                ? "    nothing: it started and ended normally, so the workers' failure is their own; see "
                                        + "their standard error above\n"
                                : "    nothing on its standard error (exit code "
                                        + (exitCode.isPresent() ? String.valueOf(exitCode.getAsInt()) : "unknown")
                                        + ")\n");
            }
            return said.toString().lines().collect(Collectors.joining("\n"));
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    /** The diagnosing child's task: nothing; booting is the test. */
    private static void nothing() {}
}
