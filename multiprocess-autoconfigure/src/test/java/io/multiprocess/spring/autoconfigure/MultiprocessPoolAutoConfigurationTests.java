package io.multiprocess.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.Multiprocess;
import io.multiprocess.ProcessStateException;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.ThreadPool;
import io.multiprocess.process.ProcessRole;
import io.multiprocess.spring.pool.ManagedPool;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The pool bean's conditions and properties, without starting workers (the lazy default). Eager start,
 * the properties' effect on running workers and graceful shutdown: {@code ManagedPoolIT}.
 */
class MultiprocessPoolAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MultiprocessAutoConfiguration.class, MultiprocessPoolAutoConfiguration.class));

    @Test
    void aLazyPoolIsDefinedAndStartsNothing() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(Pool.class).hasSingleBean(ManagedPool.class);
            assertThat(context.getBean(ManagedPool.class).startedPool()).isEmpty();
            Pool pool = context.getBean(Pool.class);
            assertThat(pool.toString()).contains("not started", "lazy");
            assertThat(pool).isEqualTo(pool).hasSameHashCodeAs(pool);
            assertThat(context.getBean(ManagedPool.class).startedPool()).isEmpty();
            assertThat(poolWorkers()).isZero();
        });
    }

    @Test
    void aPoolNeverUsedCannotBeStartedOnceTheContextClosed() {
        runner.run(context -> {
            Pool pool = context.getBean(Pool.class);
            ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
            assertThatThrownBy(() -> pool.apply(() -> 1))
                    .isInstanceOf(ProcessStateException.class)
                    .hasMessageContaining("never started");
            assertThat(poolWorkers()).isZero();
        });
    }

    @Test
    void theBeanCanBeSwitchedOff() {
        runner.withPropertyValues("multiprocess.pool.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Pool.class).doesNotHaveBean(ManagedPool.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnPool() {
        runner.withBean("ownPool", Pool.class, () -> new ThreadPool(1)).run(context -> {
            assertThat(context).hasSingleBean(Pool.class).doesNotHaveBean(ManagedPool.class);
            assertThat(context.getBean(Pool.class)).isInstanceOf(ThreadPool.class);
        });
    }

    @Test
    void customizersAreAppliedWhenTheBeanIsCreated() {
        AtomicInteger calls = new AtomicInteger();
        runner.withBean(PoolBuilderCustomizer.class, () -> builder -> calls.incrementAndGet())
                .run(context -> {
                    assertThat(context).hasSingleBean(Pool.class);
                    assertThat(calls).hasValue(1);
                });
    }

    @Test
    void badSettingsFailTheStartRatherThanTheFirstUse() {
        runner.withPropertyValues("multiprocess.pool.processes=-1")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(BindValidationException.class)
                        .hasMessageContaining("-1"));
        runner.withPropertyValues("multiprocess.pool.max-tasks-per-child=-2")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("-2"));
        runner.withPropertyValues("multiprocess.pool.task-timeout=0s")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("pool.taskTimeout")
                        .hasMessageContaining("must be positive"));
    }

    @Test
    void aWorkerCountThatCannotFitInMemoryFailsTheStartBeforeAnyWorkerStarts() {
        long childrenBefore = ProcessHandle.current().children().count();
        runner.withPropertyValues("multiprocess.pool.processes=100000", "multiprocess.pool.startup=eager")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context)
                            .getFailure()
                            .hasRootCauseInstanceOf(IllegalArgumentException.class)
                            .hasStackTraceContaining("multiprocess.pool.processes=100000")
                            .hasStackTraceContaining("100000 worker processes")
                            .hasStackTraceContaining("multiprocess.pool.allow-memory-overcommit=true");
                });
        assertThat(ProcessHandle.current().children().count()).isEqualTo(childrenBefore);
        runner.withPropertyValues(
                        "multiprocess.pool.processes=100000", "multiprocess.pool.allow-memory-overcommit=true")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aNegativeShutdownWaitFailsTheStart() {
        runner.withPropertyValues("multiprocess.pool.shutdown.await-termination=-5s")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context)
                            .getFailure()
                            .rootCause()
                            .isInstanceOf(BindValidationException.class)
                            .hasMessageContaining("pool.shutdown.awaitTermination")
                            .hasMessageContaining("PT-5S");
                });
    }

    @Test
    void propertiesBind() {
        runner.withPropertyValues(
                        "multiprocess.pool.processes=3",
                        "multiprocess.pool.max-tasks-per-child=10",
                        "multiprocess.pool.task-timeout=2m",
                        "multiprocess.pool.startup=eager",
                        "multiprocess.pool.shutdown.await-termination=5s")
                .withPropertyValues("multiprocess.pool.enabled=false")
                .run(context -> {
                    MultiprocessProperties.Pool pool =
                            context.getBean(MultiprocessProperties.class).getPool();
                    assertThat(pool.getProcesses()).isEqualTo(3);
                    assertThat(pool.getMaxTasksPerChild()).isEqualTo(10);
                    assertThat(pool.getTaskTimeout()).hasMinutes(2);
                    assertThat(pool.getStartup()).isEqualTo(MultiprocessProperties.Startup.EAGER);
                    assertThat(pool.getShutdown().getAwaitTermination()).hasSeconds(5);
                });
    }

    private static long poolWorkers() {
        return Multiprocess.activeChildren().stream()
                .filter(child -> child.role() == ProcessRole.POOL_WORKER)
                .count();
    }
}
