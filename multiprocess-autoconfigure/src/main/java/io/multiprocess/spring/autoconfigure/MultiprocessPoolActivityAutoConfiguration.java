package io.multiprocess.spring.autoconfigure;

import io.multiprocess.spring.monitor.PoolActivity;
import io.multiprocess.spring.pool.ManagedPool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the auto-configured pool's {@link PoolActivity} (its dead workers and the progress
 * of its map calls, for the {@code childprocesses} endpoint and the dashboard), when the application has
 * Spring Boot's actuator. A pool the application defines itself reports to a {@code PoolActivity} bean of
 * its own: add one to its builder with {@code builder.listener(...)}.
 */
@AutoConfiguration(after = MultiprocessPoolAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(ManagedPool.class)
public final class MultiprocessPoolActivityAutoConfiguration {

    MultiprocessPoolActivityAutoConfiguration() {}

    /**
     * The pool's recent activity. It finds the pool through the context when read, so that it can listen
     * to it from its start without depending on it.
     *
     * @param managed the pool's life cycle
     * @return the activity
     */
    @Bean
    @ConditionalOnMissingBean(name = "multiprocessPoolActivity")
    PoolActivity multiprocessPoolActivity(ObjectProvider<ManagedPool> managed) {
        return new PoolActivity("multiprocessPool", () -> managed.getObject().startedPool());
    }

    /**
     * Makes the pool report to its activity.
     *
     * @param multiprocessPoolActivity the activity
     * @return the customizer
     */
    @Bean
    PoolBuilderCustomizer multiprocessPoolActivityCustomizer(PoolActivity multiprocessPoolActivity) {
        return builder -> builder.listener(multiprocessPoolActivity);
    }
}
