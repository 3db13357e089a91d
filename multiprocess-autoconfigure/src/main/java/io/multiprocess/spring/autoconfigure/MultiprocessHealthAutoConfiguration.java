package io.multiprocess.spring.autoconfigure;

import io.multiprocess.pool.Pool;
import io.multiprocess.spring.health.MultiprocessHealthIndicator;
import io.multiprocess.spring.pool.ManagedPool;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code multiprocess} health indicator, when the application has Spring
 * Boot's health module and a pool. Off with {@code management.health.multiprocess.enabled=false}.
 */
@AutoConfiguration(after = MultiprocessPoolAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(Pool.class)
@ConditionalOnEnabledHealthIndicator("multiprocess")
public final class MultiprocessHealthAutoConfiguration {

    MultiprocessHealthAutoConfiguration() {
    }

    /**
     * The health indicator. It reads the auto-configured pool without starting it, or the application's
     * own {@code Pool} bean.
     *
     * @param managed the auto-configured pool's life cycle, if any
     * @param pools   the application's pool, used when it defined its own
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "multiprocessHealthIndicator")
    MultiprocessHealthIndicator multiprocessHealthIndicator(ObjectProvider<ManagedPool> managed, ObjectProvider<Pool> pools) {
        ManagedPool ours = managed.getIfAvailable();
        if (ours != null) {
            return new MultiprocessHealthIndicator(ours::startedPool);
        }
        return new MultiprocessHealthIndicator(() -> Optional.ofNullable(pools.getIfUnique()));
    }
}
