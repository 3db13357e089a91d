package io.multiprocess.spring.health;

import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of multiprocess-java in this application: whether its process pool is up and its workers
 * alive. Never starts a lazy pool: a pool that was not used yet is reported UP with
 * {@code pool: "not started"}.
 *
 * <ul>
 *   <li>UP: the pool runs and has live workers (or was not started).</li>
 *   <li>DOWN: the pool broke down (its workers failed to start repeatedly), or it runs without a live
 *       worker.</li>
 *   <li>OUT_OF_SERVICE: the pool was shut down or terminated (the application is stopping).</li>
 * </ul>
 * Details: the pool's state, processes, live and ready workers, queued and running tasks.
 */
public class MultiprocessHealthIndicator extends AbstractHealthIndicator {

    private final Supplier<Optional<Pool>> pool;

    /**
     * An indicator for a pool.
     *
     * @param pool the pool if it was started, without starting it
     */
    public MultiprocessHealthIndicator(Supplier<Optional<Pool>> pool) {
        super("multiprocess health check failed");
        this.pool = pool;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Optional<Pool> started = pool.get();
        if (started.isEmpty()) {
            builder.up().withDetail("pool", "not started");
            return;
        }
        PoolStats stats = started.get().stats();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", stats.state().name().toLowerCase(java.util.Locale.ROOT));
        details.put("processes", stats.processes());
        details.put("liveWorkers", stats.liveWorkers());
        details.put("readyWorkers", stats.readyWorkers());
        details.put("queuedTasks", stats.queuedTasks());
        details.put("runningTasks", stats.runningTasks());
        builder.withDetail("pool", details);
        switch (stats.state()) {
            case RUNNING -> {
                if (stats.liveWorkers() > 0) {
                    builder.up();
                } else {
                    builder.down();
                }
            }
            case BROKEN -> builder.down();
            default -> builder.outOfService();
        }
    }
}
