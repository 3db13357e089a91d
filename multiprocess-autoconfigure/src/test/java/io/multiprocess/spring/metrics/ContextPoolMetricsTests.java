package io.multiprocess.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.pool.Pool;
import io.multiprocess.spring.autoconfigure.MultiprocessAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessMetricsAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessPoolAutoConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every pool of the application gets the {@code multiprocess.pool.*} meters with its own {@code pool}
 * tag: the auto-configured one, a second {@code Pool} bean, and a pool a service builds from the
 * {@code ProcessContext} bean. Thread-backed pools: the meters do not depend on the start method.
 */
class ContextPoolMetricsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MultiprocessAutoConfiguration.class,
                    MultiprocessPoolAutoConfiguration.class,
                    MultiprocessMetricsAutoConfiguration.class))
            .withPropertyValues("multiprocess.start-method=thread", "multiprocess.pool.processes=1")
            .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new);

    @Configuration(proxyBeanMethods = false)
    static class IsolationPool {

        @Bean
        Pool isolationPool(ProcessContext processes) {
            return processes
                    .withJvmOptions("-Xmx64m")
                    .poolBuilder()
                    .processes(1)
                    .build();
        }
    }

    @Test
    void poolsBuiltFromTheContextHaveTheMetersBesideTheAutoConfiguredPool() {
        runner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            // The auto-configured pool's metrics are a MeterBinder bean, which Boot's metrics binds.
            context.getBean(PoolMetrics.class).bindTo(registry);
            context.getBean(Pool.class).apply(() -> 1);

            ProcessContext processes = context.getBean(ProcessContext.class);
            try (Pool first = processes.pool(1);
                    Pool isolation = processes
                            .withJvmOptions("-Xmx64m")
                            .poolBuilder()
                            .processes(1)
                            .build()) {
                first.map(x -> x, List.of(1, 2, 3), 1);
                isolation.apply(() -> 1);
                isolation.apply(() -> 2);
                assertThat(registry.get("multiprocess.pool.workers.live")
                                .tag("pool", "pool-2")
                                .gauge()
                                .value())
                        .isEqualTo(1);
            }

            assertThat(submitted(registry, "multiprocessPool")).isEqualTo(1);
            assertThat(submitted(registry, "pool-1")).isEqualTo(3);
            assertThat(submitted(registry, "pool-2")).isEqualTo(2);
            assertThat(registry.get("multiprocess.pool.tasks.completed")
                            .tag("pool", "pool-2")
                            .functionCounter()
                            .count())
                    .isEqualTo(2);
            assertThat(registry.get("multiprocess.pool.tasks.failed")
                            .tag("pool", "pool-1")
                            .functionCounters())
                    .hasSize(4);
            assertThat(registry.get("multiprocess.pool.task.duration")
                            .tag("pool", "pool-2")
                            .functionTimer()
                            .count())
                    .isEqualTo(2);
            // One set of meters per pool: the auto-configured pool is not counted twice.
            assertThat(registry.get("multiprocess.pool.tasks.submitted").functionCounters())
                    .map(counter -> counter.getId().getTag("pool"))
                    .containsExactlyInAnyOrder("multiprocessPool", "pool-1", "pool-2");
        });
    }

    @Test
    void aPoolBeanBuiltFromTheContextHasTheMetersUnderItsBeanName() {
        runner.withUserConfiguration(IsolationPool.class).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            context.getBean("isolationPool", Pool.class).apply(() -> 1);
            try (Pool later = context.getBean(ProcessContext.class).pool(1)) {
                later.apply(() -> 2);
                later.apply(() -> 3);
            }
            assertThat(submitted(registry, "isolationPool")).isEqualTo(1);
            assertThat(submitted(registry, "pool-1")).isEqualTo(2);
            assertThat(registry.get("multiprocess.pool.workers.live")
                            .tag("pool", "isolationPool")
                            .gauge()
                            .value())
                    .isEqualTo(1);
            assertThat(registry.find("multiprocess.children.live").gauge()).isNotNull();
        });
    }

    private static double submitted(MeterRegistry registry, String pool) {
        FunctionCounter counter = registry.get("multiprocess.pool.tasks.submitted")
                .tag("pool", pool)
                .functionCounter();
        return counter.count();
    }
}
