package io.multiprocess.spring.health;

import io.multiprocess.ProcessStateException;
import io.multiprocess.managers.SyncManager;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of multiprocess-java in this application: whether its process pool is up and its workers
 * alive, and whether its manager's server answers. Never starts a lazy pool or manager: one that was not
 * used yet is reported UP with {@code "not started"}.
 *
 * <ul>
 *   <li>UP: the pool runs and has live workers (or was not started), and the manager answers (or was not
 *       started).</li>
 *   <li>DOWN: the pool broke down (its workers failed to start repeatedly) or runs without a live worker;
 *       or the manager's server is gone, refuses the call, or does not answer within
 *       {@link #MANAGER_CHECK_TIMEOUT}.</li>
 *   <li>OUT_OF_SERVICE: the pool or the manager was shut down (the application is stopping).</li>
 * </ul>
 * The worst of the two wins. Details: the pool's state, processes, live and ready workers, queued and
 * running tasks; the manager's address, server pid and number of shared objects.
 */
public class MultiprocessHealthIndicator extends AbstractHealthIndicator {

    /** How long the check waits for the manager's answer before it reports the manager DOWN. */
    public static final Duration MANAGER_CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final @Nullable Supplier<Optional<Pool>> pool;
    private final @Nullable Supplier<Optional<SyncManager>> manager;

    /**
     * An indicator for a pool.
     *
     * @param pool the pool if it was started, without starting it
     */
    public MultiprocessHealthIndicator(Supplier<Optional<Pool>> pool) {
        this(pool, null);
    }

    /**
     * An indicator for a pool and a manager; either may be null when the application has none.
     *
     * @param pool    the pool if it was started, without starting it; null for no pool
     * @param manager the manager if it was started, without starting it; null for no manager
     */
    public MultiprocessHealthIndicator(
            @Nullable Supplier<Optional<Pool>> pool, @Nullable Supplier<Optional<SyncManager>> manager) {
        super("multiprocess health check failed");
        this.pool = pool;
        this.manager = manager;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Status status = Status.UP;
        if (pool != null) {
            status = worst(status, checkPool(builder));
        }
        if (manager != null) {
            status = worst(status, checkManager(builder));
        }
        builder.status(status);
    }

    private Status checkPool(Health.Builder builder) {
        Optional<Pool> started = pool.get();
        if (started.isEmpty()) {
            builder.withDetail("pool", "not started");
            return Status.UP;
        }
        PoolStats stats = started.get().stats();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", stats.state().name().toLowerCase(Locale.ROOT));
        details.put("processes", stats.processes());
        details.put("liveWorkers", stats.liveWorkers());
        details.put("readyWorkers", stats.readyWorkers());
        details.put("queuedTasks", stats.queuedTasks());
        details.put("runningTasks", stats.runningTasks());
        builder.withDetail("pool", details);
        return switch (stats.state()) {
            case RUNNING -> stats.liveWorkers() > 0 ? Status.UP : Status.DOWN;
            case BROKEN -> Status.DOWN;
            default -> Status.OUT_OF_SERVICE;
        };
    }

    private Status checkManager(Health.Builder builder) {
        Optional<SyncManager> started = manager.get();
        if (started.isEmpty()) {
            builder.withDetail("manager", "not started");
            return Status.UP;
        }
        SyncManager syncManager = started.get();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("address", String.valueOf(syncManager.address()));
        syncManager.serverPid().ifPresent(pid -> details.put("serverPid", pid));
        builder.withDetail("manager", details);
        // On a thread of its own, so that a server that hangs cannot hang the health endpoint.
        CompletableFuture<Integer> objects = CompletableFuture.supplyAsync(syncManager::numberOfObjects, task -> {
            Thread thread = new Thread(task, "multiprocess-manager-health");
            thread.setDaemon(true);
            thread.start();
        });
        try {
            details.put("objects", objects.get(MANAGER_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            details.put("reachable", true);
            return Status.UP;
        } catch (TimeoutException e) {
            details.put("reachable", false);
            details.put("error", "no answer within " + MANAGER_CHECK_TIMEOUT);
            return Status.DOWN;
        } catch (ExecutionException e) {
            details.put("reachable", false);
            details.put("error", String.valueOf(e.getCause()));
            return e.getCause() instanceof ProcessStateException ? Status.OUT_OF_SERVICE : Status.DOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            details.put("reachable", false);
            details.put("error", "interrupted");
            return Status.UNKNOWN;
        }
    }

    /** DOWN, then OUT_OF_SERVICE, then UNKNOWN, then UP. */
    private static Status worst(Status a, Status b) {
        return severity(b) > severity(a) ? b : a;
    }

    private static int severity(Status status) {
        if (Status.DOWN.equals(status)) {
            return 3;
        }
        if (Status.OUT_OF_SERVICE.equals(status)) {
            return 2;
        }
        return Status.UNKNOWN.equals(status) ? 1 : 0;
    }
}
