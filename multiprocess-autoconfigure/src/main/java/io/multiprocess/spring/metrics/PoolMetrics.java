package io.multiprocess.spring.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolListener;
import io.multiprocess.pool.PoolStats;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

/**
 * Micrometer metrics of a process pool and of this application's children. It is the pool's
 * {@link PoolListener} (counting in adders, so it may hear of tasks before any registry is bound) and a
 * {@link MeterBinder} that exposes those counts to every registry bound.
 *
 * <table>
 *   <caption>Meters (tag {@code pool}: the pool's name)</caption>
 *   <tr><th>name</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code multiprocess.pool.tasks.submitted}</td><td>counter</td><td>tasks queued (a chunk of a map is one)</td></tr>
 *   <tr><td>{@code multiprocess.pool.tasks.completed}</td><td>counter</td><td>tasks that ran and returned</td></tr>
 *   <tr><td>{@code multiprocess.pool.tasks.failed}</td><td>counter, tag {@code reason}: {@code exception},
 *       {@code worker_lost}, {@code timed_out}, {@code terminated}</td><td>tasks that did not return</td></tr>
 *   <tr><td>{@code multiprocess.pool.task.duration}</td><td>function timer</td><td>time tasks ran in their worker</td></tr>
 *   <tr><td>{@code multiprocess.pool.queue.depth}</td><td>gauge</td><td>tasks waiting for a worker</td></tr>
 *   <tr><td>{@code multiprocess.pool.workers.live}</td><td>gauge</td><td>worker processes alive</td></tr>
 *   <tr><td>{@code multiprocess.pool.workers.restarts}</td><td>counter</td><td>workers started to replace one
 *       that died, timed out or reached its task quota</td></tr>
 *   <tr><td>{@code multiprocess.children.live}</td><td>gauge (no {@code pool} tag)</td><td>child processes of this
 *       JVM that run now: processes, pool workers, manager servers, the resource tracker, the forkserver and its
 *       spares (shared by every pool)</td></tr>
 * </table>
 * The gauges of a pool that was not started yet read 0: reading them never starts a lazy pool.
 */
public class PoolMetrics implements PoolListener, MeterBinder {

    private final String poolName;
    private final Supplier<Optional<Pool>> pool;
    private final LongAdder submitted = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final Map<Outcome, LongAdder> failed = new EnumMap<>(Outcome.class);
    private final LongAdder timedTasks = new LongAdder();
    private final LongAdder timedNanos = new LongAdder();
    private final LongAdder restarts = new LongAdder();

    /**
     * Metrics for a pool.
     *
     * @param poolName the value of the {@code pool} tag
     * @param pool     the pool if it was started, without starting it
     */
    public PoolMetrics(String poolName, Supplier<Optional<Pool>> pool) {
        this.poolName = poolName;
        this.pool = pool;
        for (Outcome outcome : Outcome.values()) {
            if (outcome != Outcome.COMPLETED) {
                failed.put(outcome, new LongAdder());
            }
        }
    }

    @Override
    public void tasksSubmitted(int count) {
        submitted.add(count);
    }

    @Override
    public void taskFinished(Outcome outcome, Duration runTime) {
        if (outcome == Outcome.COMPLETED) {
            completed.increment();
        } else {
            failed.get(outcome).increment();
        }
        if (!runTime.isZero()) {
            timedTasks.increment();
            timedNanos.add(runTime.toNanos());
        }
    }

    @Override
    public void workerStarted(long pid, boolean replacement) {
        if (replacement) {
            restarts.increment();
        }
    }

    @Override
    public void workerExited(long pid, OptionalInt exitCode) {
        // Counted by workers.live; a restart is counted when its replacement starts.
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        bindTo(registry, poolName);
    }

    /**
     * Binds the meters with another {@code pool} tag than the one given at construction: for metrics that
     * listen to a pool before its name is known (a pool bean, named after its bean).
     *
     * @param registry the registry
     * @param name     the value of the {@code pool} tag
     */
    public void bindTo(MeterRegistry registry, String name) {
        Tags tags = Tags.of("pool", name);
        FunctionCounter.builder("multiprocess.pool.tasks.submitted", submitted, LongAdder::sum)
                .tags(tags)
                .description("Tasks queued for the pool's workers (a chunk of a map is one task)")
                .register(registry);
        FunctionCounter.builder("multiprocess.pool.tasks.completed", completed, LongAdder::sum)
                .tags(tags)
                .description("Tasks that ran and returned")
                .register(registry);
        failed.forEach((outcome, count) -> FunctionCounter.builder(
                        "multiprocess.pool.tasks.failed", count, LongAdder::sum)
                .tags(tags)
                .tag(
                        "reason",
                        outcome == Outcome.FAILED ? "exception" : outcome.name().toLowerCase(Locale.ROOT))
                .description(
                        "Tasks that did not return: they threw, their worker died, they timed out or the pool was terminated")
                .register(registry));
        FunctionTimer.builder(
                        "multiprocess.pool.task.duration",
                        this,
                        m -> m.timedTasks.sum(),
                        m -> m.timedNanos.sum(),
                        TimeUnit.NANOSECONDS)
                .tags(tags)
                .description("How long tasks ran in their worker")
                .register(registry);
        Gauge.builder("multiprocess.pool.queue.depth", this, stat(PoolStats::queuedTasks))
                .tags(tags)
                .description("Tasks waiting for a worker")
                .register(registry);
        Gauge.builder("multiprocess.pool.workers.live", this, stat(PoolStats::liveWorkers))
                .tags(tags)
                .description("Worker processes alive")
                .register(registry);
        FunctionCounter.builder("multiprocess.pool.workers.restarts", restarts, LongAdder::sum)
                .tags(tags)
                .description("Workers started to replace one that died, timed out or reached its task quota")
                .register(registry);
        Gauge.builder("multiprocess.children.live", LiveChildren::count)
                .description("Child processes of this JVM that run now, the resource tracker and the forkserver "
                        + "with its spares included")
                .register(registry);
    }

    private ToDoubleFunction<PoolMetrics> stat(ToIntFunction<PoolStats> figure) {
        return metrics -> metrics.pool
                .get()
                .map(p -> (double) figure.applyAsInt(p.stats()))
                .orElse(0.0);
    }
}
