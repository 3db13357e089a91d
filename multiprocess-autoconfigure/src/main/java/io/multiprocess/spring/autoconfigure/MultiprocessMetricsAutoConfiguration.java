package io.multiprocess.spring.autoconfigure;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.multiprocess.spring.metrics.PoolMetrics;
import io.multiprocess.spring.pool.ManagedPool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Micrometer metrics for the auto-configured pool (see {@link PoolMetrics}), when
 * the application has Micrometer. The metrics listen to the pool through a {@link PoolBuilderCustomizer}
 * and are bound to every meter registry of the context. A pool the application defines itself gets no
 * metrics from here: add a {@code PoolMetrics} to its builder with {@code builder.listener(...)}.
 */
@AutoConfiguration(after = MultiprocessPoolAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
@ConditionalOnBean(ManagedPool.class)
public final class MultiprocessMetricsAutoConfiguration {

    MultiprocessMetricsAutoConfiguration() {}

    /**
     * The pool's metrics. They find the pool through the context when read, so that they can listen to it
     * from its start without depending on it.
     *
     * @param managed the pool's life cycle
     * @return the metrics
     */
    @Bean
    @ConditionalOnMissingBean
    PoolMetrics multiprocessPoolMetrics(ObjectProvider<ManagedPool> managed) {
        return new PoolMetrics("multiprocessPool", () -> managed.getObject().startedPool());
    }

    /**
     * Makes the pool report to its metrics.
     *
     * @param metrics the metrics
     * @return the customizer
     */
    @Bean
    PoolBuilderCustomizer multiprocessPoolMetricsCustomizer(PoolMetrics metrics) {
        return builder -> builder.listener(metrics);
    }
}
