package io.multiprocess.spring.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multiprocess.Multiprocess;
import io.multiprocess.ProcessStateException;
import io.multiprocess.forkserver.ForkServer;
import io.multiprocess.pool.AsyncResult;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolStats;
import io.multiprocess.pool.PoolTerminatedException;
import io.multiprocess.pool.TaskTimeoutException;
import io.multiprocess.process.ProcessRole;
import io.multiprocess.spring.autoconfigure.MultiprocessAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessMetricsAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessPoolAutoConfiguration;
import io.multiprocess.spring.metrics.PoolMetrics;
import io.multiprocess.spring.monitor.ProcessTreeView;
import io.multiprocess.testing.NoLeftoversExtension;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * The pool bean with real workers: eager start, the properties' effect, graceful shutdown with the
 * context (submitted work finishes, then nothing is left), the kill after the grace period, and the
 * fallback when a context fails after the pool started.
 */
@ExtendWith(NoLeftoversExtension.class)
class ManagedPoolIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MultiprocessAutoConfiguration.class,
                    MultiprocessPoolAutoConfiguration.class,
                    MultiprocessMetricsAutoConfiguration.class))
            .withPropertyValues("multiprocess.pool.processes=2", "multiprocess.child.jvm-options=-Xmx96m");

    private static long poolWorkers() {
        return Multiprocess.activeChildren().stream()
                .filter(child -> child.role() == ProcessRole.POOL_WORKER)
                .count();
    }

    @Test
    void anEagerPoolStartsWithTheContextAndFollowsItsProperties() {
        runner.withPropertyValues(
                        "multiprocess.pool.startup=eager",
                        "multiprocess.pool.max-tasks-per-child=1",
                        "multiprocess.pool.task-timeout=1s")
                .run(context -> {
                    ManagedPool managed = context.getBean(ManagedPool.class);
                    assertThat(managed.startedPool()).isPresent();
                    assertThat(managed.isRunning()).isTrue();
                    assertThat(poolWorkers()).isEqualTo(2);
                    Pool pool = context.getBean(Pool.class);
                    assertThat(pool.processes()).isEqualTo(2);
                    PoolMetrics metrics = context.getBean(PoolMetrics.class);
                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    metrics.bindTo(registry);

                    // max-tasks-per-child=1: each task gets a fresh worker.
                    assertThat(pool.map(x -> ProcessHandle.current().pid(), List.of(1, 2, 3, 4), 1))
                            .doesNotHaveDuplicates();
                    // task-timeout=1s: a task that sleeps is killed with its worker.
                    Throwable late = catchThrowable(() -> pool.apply(() -> {
                        Thread.sleep(30_000);
                        return 0;
                    }));
                    assertThat(late).isInstanceOf(TaskTimeoutException.class);

                    assertThat(registry.get("multiprocess.pool.tasks.submitted")
                                    .functionCounter()
                                    .count())
                            .isEqualTo(5);
                    assertThat(registry.get("multiprocess.pool.tasks.completed")
                                    .functionCounter()
                                    .count())
                            .isEqualTo(4);
                    assertThat(registry.get("multiprocess.pool.tasks.failed")
                                    .tag("reason", "timed_out")
                                    .functionCounter()
                                    .count())
                            .isEqualTo(1);
                    Awaitility.await()
                            .atMost(WAIT)
                            .until(() -> registry.get("multiprocess.pool.workers.restarts")
                                            .functionCounter()
                                            .count()
                                    >= 5);
                    assertThat(registry.get("multiprocess.pool.task.duration")
                                    .functionTimer()
                                    .count())
                            .isEqualTo(4);
                });
        Awaitility.await().atMost(WAIT).until(() -> poolWorkers() == 0);
    }

    @Test
    void withTheForkserverTheWorkersAreTakenOverSparesAndTheServerIsListed() {
        runner.withPropertyValues(
                        "multiprocess.start-method=forkserver",
                        "multiprocess.forkserver.spares=2",
                        "multiprocess.pool.startup=eager")
                .run(context -> {
                    Pool pool = context.getBean(Pool.class);
                    assertThat(pool.apply(() -> ProcessHandle.current().pid()))
                            .isNotEqualTo(ProcessHandle.current().pid());
                    ProcessTreeView view = new ProcessTreeView();
                    assertThat(view.children(ProcessRole.POOL_WORKER))
                            .hasSize(2)
                            .allSatisfy(
                                    worker -> assertThat(worker.startMethod()).isEqualTo("forkserver"));
                    assertThat(view.children(ProcessRole.FORKSERVER))
                            .singleElement()
                            .satisfies(server -> assertThat(server.pid())
                                    .isEqualTo(ForkServer.pid().getAsLong()));
                });
        Awaitility.await().atMost(WAIT).until(() -> poolWorkers() == 0);
    }

    @Test
    void closingTheContextLetsSubmittedTasksFinishThenLeavesNothing() {
        runner.run(context -> {
            Pool pool = context.getBean(Pool.class);
            AsyncResult<String> running = pool.applyAsync(() -> {
                Thread.sleep(1500);
                return "finished";
            });
            ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
            assertThat(running.isReady()).isTrue();
            assertThat(running.result()).isEqualTo("finished");
            assertThat(pool.stats().state()).isEqualTo(PoolStats.State.TERMINATED);
            assertThat(poolWorkers()).isZero();
            Throwable after = catchThrowable(() -> pool.apply(() -> 1));
            assertThat(after).isInstanceOf(ProcessStateException.class).hasMessageContaining("Pool not running");
        });
    }

    @Test
    void tasksThatOutlastTheGracePeriodAreKilled() {
        runner.withPropertyValues("multiprocess.pool.shutdown.await-termination=0s")
                .run(context -> {
                    Pool pool = context.getBean(Pool.class);
                    AsyncResult<Integer> endless = pool.applyAsync(() -> {
                        Thread.sleep(60_000);
                        return 0;
                    });
                    Awaitility.await().atMost(WAIT).until(() -> pool.stats().runningTasks() == 1);
                    ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
                    assertThat(catchThrowable(() -> endless.result(WAIT))).isInstanceOf(PoolTerminatedException.class);
                    assertThat(poolWorkers()).isZero();
                });
    }

    @Test
    void whenSpringsShutdownPhaseRunsOutTheWorkersAreKilledAsTheBeansAreDestroyed() {
        runner.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class))
                .withPropertyValues(
                        "spring.lifecycle.timeout-per-shutdown-phase=1s",
                        "multiprocess.pool.shutdown.await-termination=60s")
                .run(context -> {
                    Pool pool = context.getBean(Pool.class);
                    AsyncResult<Integer> endless = pool.applyAsync(() -> {
                        Thread.sleep(60_000);
                        return 0;
                    });
                    Awaitility.await().atMost(WAIT).until(() -> pool.stats().runningTasks() == 1);
                    ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
                    assertThat(catchThrowable(() -> endless.result(WAIT))).isInstanceOf(PoolTerminatedException.class);
                    assertThat(pool.isTerminated()).isTrue();
                    assertThat(poolWorkers()).isZero();
                });
    }

    @Test
    void aContextThatFailsAfterThePoolStartedLeavesNoWorker() {
        runner.withPropertyValues("multiprocess.pool.startup=eager")
                .withBean("failingStart", SmartLifecycle.class, FailingStart::new)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(poolWorkers()).isZero();
                });
    }

    /** Starts after the pool and fails. */
    static final class FailingStart implements SmartLifecycle {
        @Override
        public void start() {
            throw new IllegalStateException("cannot start");
        }

        @Override
        public void stop() {}

        @Override
        public boolean isRunning() {
            return false;
        }

        @Override
        public int getPhase() {
            return ManagedPool.PHASE + 1;
        }
    }
}
