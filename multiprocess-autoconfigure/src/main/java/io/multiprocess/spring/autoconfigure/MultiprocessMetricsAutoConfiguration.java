package io.multiprocess.spring.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.multiprocess.spring.metrics.ContextPoolMetrics;
import io.multiprocess.spring.metrics.PoolMetrics;
import io.multiprocess.spring.pool.ManagedPool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Micrometer metrics for the application's pools (see {@link PoolMetrics}), when
 * the application has Micrometer. The auto-configured pool's metrics listen to it through a
 * {@link PoolBuilderCustomizer} and are bound to every meter registry of the context; every other pool
 * built from the auto-configured {@code ProcessContext} (a second {@code Pool} bean, a pool a service
 * builds) gets the same meters through {@link ContextPoolMetrics}, tagged with its bean name or
 * {@code pool-<n>}. A pool built elsewhere gets none: add a {@code PoolMetrics} to its builder with
 * {@code builder.listener(...)}.
 */
@AutoConfiguration(after = MultiprocessPoolAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
public final class MultiprocessMetricsAutoConfiguration {

    MultiprocessMetricsAutoConfiguration() {}

    /**
     * The metrics of every pool built from the application's process context.
     *
     * @param registries the meter registries
     * @return the pool customizer that binds them
     */
    @Bean
    @ConditionalOnMissingBean
    static ContextPoolMetrics multiprocessContextPoolMetrics(ObjectProvider<MeterRegistry> registries) {
        return new ContextPoolMetrics(registries);
    }

    /**
     * Makes the process context give each pool builder the metrics of {@link ContextPoolMetrics}.
     *
     * @param metrics the metrics of the context's pools
     * @return the context customizer
     */
    @Bean
    ProcessContextCustomizer multiprocessContextPoolMetricsCustomizer(ContextPoolMetrics metrics) {
        return context -> context.withPoolCustomizer(metrics);
    }

    /**
     * The auto-configured pool's metrics. They find the pool through the context when read, so that they
     * can listen to it from its start without depending on it.
     *
     * @param managed the pool's life cycle
     * @return the metrics
     */
    @Bean
    @ConditionalOnBean(ManagedPool.class)
    @ConditionalOnMissingBean
    PoolMetrics multiprocessPoolMetrics(ObjectProvider<ManagedPool> managed) {
        return new PoolMetrics("multiprocessPool", () -> managed.getObject().startedPool());
    }

    /**
     * Makes the auto-configured pool report to its metrics (and not a second time to those of
     * {@link ContextPoolMetrics}).
     *
     * @param metrics        the metrics
     * @param contextMetrics the metrics of the context's other pools
     * @return the customizer
     */
    @Bean
    @ConditionalOnBean(ManagedPool.class)
    PoolBuilderCustomizer multiprocessPoolMetricsCustomizer(
            PoolMetrics metrics, ObjectProvider<ContextPoolMetrics> contextMetrics) {
        return builder -> {
            contextMetrics.ifAvailable(others -> others.exclude(builder));
            builder.listener(metrics);
        };
    }
}
