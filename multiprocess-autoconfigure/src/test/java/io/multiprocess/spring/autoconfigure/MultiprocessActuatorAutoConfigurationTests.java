package io.multiprocess.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.ThreadPool;
import io.multiprocess.spring.actuate.ChildProcessesEndpoint;
import io.multiprocess.spring.actuate.ProcessResourcesEndpoint;
import io.multiprocess.spring.health.MultiprocessHealthIndicator;
import io.multiprocess.spring.metrics.PoolMetrics;
import io.multiprocess.spring.monitor.ProcessTreeView;
import io.multiprocess.spring.pool.ManagedPool;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The endpoints, the health indicator and the metrics: each condition, and each optional dependency absent. */
class MultiprocessActuatorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MultiprocessAutoConfiguration.class,
                    MultiprocessPoolAutoConfiguration.class,
                    MultiprocessEndpointsAutoConfiguration.class,
                    MultiprocessHealthAutoConfiguration.class,
                    MultiprocessMetricsAutoConfiguration.class));

    // ---- endpoints

    @Test
    void endpointsAreDefinedWhenExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=childprocesses,processresources")
                .run(context -> {
                    assertThat(context)
                            .hasSingleBean(ChildProcessesEndpoint.class)
                            .hasSingleBean(ProcessResourcesEndpoint.class);
                    ChildProcessesEndpoint.ChildProcessesDescriptor children =
                            context.getBean(ChildProcessesEndpoint.class).children();
                    assertThat(children.pid()).isEqualTo(ProcessHandle.current().pid());
                    assertThat(children.children())
                            .noneMatch(child -> child.role().equals("pool_worker"));
                    assertThat(context.getBean(ProcessResourcesEndpoint.class)
                                    .resources()
                                    .resources())
                            .isNotNull();
                });
    }

    @Test
    void endpointsAreNotDefinedWhenNotExposed() {
        runner.run(context -> assertThat(context)
                .doesNotHaveBean(ChildProcessesEndpoint.class)
                .doesNotHaveBean(ProcessResourcesEndpoint.class));
    }

    @Test
    void anEndpointWithoutAccessIsNotDefined() {
        runner.withPropertyValues(
                        "management.endpoints.web.exposure.include=*", "management.endpoint.childprocesses.access=NONE")
                .run(context -> assertThat(context)
                        .doesNotHaveBean(ChildProcessesEndpoint.class)
                        .hasSingleBean(ProcessResourcesEndpoint.class));
    }

    @Test
    void endpointsNeedTheActuator() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=*")
                .withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context)
                        .doesNotHaveBean(ChildProcessesEndpoint.class)
                        .doesNotHaveBean(ProcessResourcesEndpoint.class));
    }

    @Test
    void endpointsBackOffForTheApplicationsOwn() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=*")
                .withBean("own", ChildProcessesEndpoint.class, () -> new ChildProcessesEndpoint(new ProcessTreeView()))
                .run(context -> assertThat(context)
                        .getBean(ChildProcessesEndpoint.class)
                        .isSameAs(context.getBean("own")));
    }

    // ---- health

    @Test
    void healthIsUpAndDoesNotStartALazyPool() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(MultiprocessHealthIndicator.class);
            Health health = context.getBean(MultiprocessHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("pool", "not started");
            assertThat(context.getBean(ManagedPool.class).startedPool()).isEmpty();
        });
    }

    @Test
    void healthReadsTheApplicationsOwnPool() {
        runner.withBean(Pool.class, () -> new ThreadPool(2)).run(context -> {
            Health health = context.getBean(MultiprocessHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            @SuppressWarnings("unchecked")
            Map<String, Object> pool = (Map<String, Object>) health.getDetails().get("pool");
            assertThat(pool)
                    .containsEntry("state", "running")
                    .containsEntry("processes", 2)
                    .containsEntry("liveWorkers", 2);
            context.getBean(Pool.class).terminate();
            assertThat(context.getBean(MultiprocessHealthIndicator.class)
                            .health()
                            .getStatus())
                    .isEqualTo(Status.OUT_OF_SERVICE);
        });
    }

    @Test
    void healthCanBeSwitchedOff() {
        runner.withPropertyValues("management.health.multiprocess.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MultiprocessHealthIndicator.class));
    }

    @Test
    void healthNeedsAPool() {
        runner.withPropertyValues("multiprocess.pool.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MultiprocessHealthIndicator.class));
    }

    @Test
    void healthNeedsTheHealthModule() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).doesNotHaveBean(MultiprocessHealthIndicator.class));
    }

    @Test
    void healthBacksOffForTheApplicationsOwn() {
        runner.withBean(
                        "multiprocessHealthIndicator",
                        HealthIndicator.class,
                        () -> () -> Health.down().build())
                .run(context -> assertThat(context).doesNotHaveBean(MultiprocessHealthIndicator.class));
    }

    // ---- metrics

    @Test
    void metricsAreBoundWithoutStartingTheLazyPool() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(PoolMetrics.class);
            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(PoolMetrics.class).bindTo(registry);
            assertThat(registry.get("multiprocess.pool.tasks.submitted")
                            .tag("pool", "multiprocessPool")
                            .functionCounter()
                            .count())
                    .isZero();
            assertThat(registry.get("multiprocess.pool.queue.depth").gauge().value())
                    .isZero();
            assertThat(registry.get("multiprocess.pool.tasks.failed").functionCounters())
                    .hasSize(4);
            assertThat(registry.find("multiprocess.pool.task.duration").functionTimer())
                    .isNotNull();
            assertThat(registry.find("multiprocess.pool.workers.restarts").functionCounter())
                    .isNotNull();
            assertThat(registry.find("multiprocess.pool.workers.live").gauge()).isNotNull();
            assertThat(registry.find("multiprocess.children.live").gauge()).isNotNull();
            assertThat(context.getBean(ManagedPool.class).startedPool()).isEmpty();
        });
    }

    @Test
    void metricsNeedMicrometer() {
        runner.withClassLoader(new FilteredClassLoader(MeterBinder.class))
                .run(context -> assertThat(context).doesNotHaveBean(PoolMetrics.class));
    }

    @Test
    void metricsNeedTheAutoConfiguredPool() {
        runner.withPropertyValues("multiprocess.pool.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PoolMetrics.class));
        runner.withBean(Pool.class, () -> new ThreadPool(1))
                .run(context -> assertThat(context).doesNotHaveBean(PoolMetrics.class));
    }

    @Test
    void metricsBackOffForTheApplicationsOwn() {
        PoolMetrics own = new PoolMetrics("own", Optional::empty);
        runner.withBean(PoolMetrics.class, () -> own)
                .run(context -> assertThat(context.getBean(PoolMetrics.class)).isSameAs(own));
    }
}
