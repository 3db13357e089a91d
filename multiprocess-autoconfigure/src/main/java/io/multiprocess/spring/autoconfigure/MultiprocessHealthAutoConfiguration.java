package io.multiprocess.spring.autoconfigure;

import io.multiprocess.managers.SyncManager;
import io.multiprocess.pool.Pool;
import io.multiprocess.spring.health.MultiprocessHealthIndicator;
import io.multiprocess.spring.managers.ManagedSyncManager;
import io.multiprocess.spring.pool.ManagedPool;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;

/**
 * Auto-configuration of the {@code multiprocess} health indicator, when the application has Spring
 * Boot's health module and a pool or a manager. Off with {@code management.health.multiprocess.enabled=false}.
 */
@AutoConfiguration(after = {MultiprocessPoolAutoConfiguration.class, MultiprocessManagerAutoConfiguration.class})
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@Conditional(MultiprocessHealthAutoConfiguration.PoolOrManager.class)
@ConditionalOnEnabledHealthIndicator("multiprocess")
public final class MultiprocessHealthAutoConfiguration {

    MultiprocessHealthAutoConfiguration() {}

    /**
     * The health indicator. It reads the auto-configured pool and manager without starting them, or the
     * application's own {@code Pool} and {@code SyncManager} beans.
     *
     * @param managedPool    the auto-configured pool's life cycle, if any
     * @param pools          the application's pool, used when it defined its own
     * @param managedManager the auto-configured manager's life cycle, if any
     * @param managers       the application's manager, used when it defined its own
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "multiprocessHealthIndicator")
    MultiprocessHealthIndicator multiprocessHealthIndicator(
            ObjectProvider<ManagedPool> managedPool,
            ObjectProvider<Pool> pools,
            ObjectProvider<ManagedSyncManager> managedManager,
            ObjectProvider<SyncManager> managers) {
        ManagedPool ourPool = managedPool.getIfAvailable();
        Supplier<Optional<Pool>> pool = ourPool != null
                ? ourPool::startedPool
                : pools.getIfUnique() != null ? () -> Optional.ofNullable(pools.getIfUnique()) : null;
        ManagedSyncManager ourManager = managedManager.getIfAvailable();
        Supplier<Optional<SyncManager>> manager = ourManager != null
                ? ourManager::startedManager
                : managers.getIfUnique() != null ? () -> Optional.ofNullable(managers.getIfUnique()) : null;
        return new MultiprocessHealthIndicator(pool, manager);
    }

    /** Matches when the application has a pool or a manager. */
    static final class PoolOrManager extends AnyNestedCondition {

        PoolOrManager() {
            super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(Pool.class)
        static final class HasPool {}

        @ConditionalOnBean(SyncManager.class)
        static final class HasManager {}
    }
}
