package io.multiprocess.spring.autoconfigure;

import io.multiprocess.context.ProcessContext;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolBuilder;
import io.multiprocess.spring.diagnostics.EagerStartCheck;
import io.multiprocess.spring.diagnostics.MultiprocessConfigurationException;
import io.multiprocess.spring.pool.ManagedPool;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the application's process {@link Pool}: workers of the context's start method
 * (threads of this JVM, a {@link io.multiprocess.pool.ThreadPool}, for the {@code "thread"} start method),
 * sized and tuned by {@code multiprocess.pool.*}, adjusted by {@link PoolBuilderCustomizer}s, started
 * lazily or eagerly, and shut down gracefully with the context (see {@link ManagedPool}).
 *
 * <p>Declare a {@code Pool} bean of your own to replace it (Spring then closes yours with its inferred
 * {@code close()} destroy method, which terminates and joins it), or set
 * {@code multiprocess.pool.enabled=false} for none.
 */
@AutoConfiguration(after = MultiprocessAutoConfiguration.class)
@ConditionalOnProperty(prefix = "multiprocess.pool", name = "enabled", havingValue = "true", matchIfMissing = true)
public final class MultiprocessPoolAutoConfiguration {

    /** How long an eager start waits for the first worker before it goes on (a slow machine is no error). */
    private static final Duration EAGER_START_LIMIT = Duration.ofSeconds(60);

    MultiprocessPoolAutoConfiguration() {}

    /**
     * The life cycle of the pool: creates it (now or on first use) and closes it with the context.
     *
     * @param context     the process context whose start method and JVM settings the workers use
     * @param properties  the {@code multiprocess.*} settings
     * @param customizers adjustments of the pool's builder, applied in order
     * @return the managed pool
     */
    @Bean
    @ConditionalOnMissingBean({ManagedPool.class, Pool.class})
    ManagedPool multiprocessManagedPool(
            ProcessContext context,
            MultiprocessProperties properties,
            ObjectProvider<PoolBuilderCustomizer> customizers) {
        MultiprocessProperties.Pool settings = properties.getPool();
        Duration awaitTermination = settings.getShutdown().getAwaitTermination();
        if (awaitTermination != null && awaitTermination.isNegative()) {
            throw new IllegalArgumentException("multiprocess.pool.shutdown.await-termination must be zero or more, not "
                    + awaitTermination + ": it is how long submitted tasks may take to finish when the context closes");
        }
        // Configured now, so that a bad setting fails the start-up rather than the first use of a lazy pool.
        PoolBuilder builder = context.poolBuilder()
                .processes(settings.getProcesses())
                .maxTasksPerChild(settings.getMaxTasksPerChild())
                .taskTimeout(settings.getTaskTimeout())
                .allowMemoryOvercommit(settings.isAllowMemoryOvercommit());
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        try {
            builder.validate();
        } catch (IllegalArgumentException tooMany) {
            throw new MultiprocessConfigurationException(
                    List.of("multiprocess.pool.processes", "multiprocess.pool.allow-memory-overcommit"),
                    "multiprocess.pool.processes=" + settings.getProcesses() + ": " + tooMany.getMessage()
                            + " (multiprocess.pool.allow-memory-overcommit=true)",
                    "Set multiprocess.pool.processes to fewer workers (0 for one per CPU), give each less memory "
                            + "(-Xmx in multiprocess.child.jvm-options), or set "
                            + "multiprocess.pool.allow-memory-overcommit=true to start them anyway.",
                    tooMany);
        }
        // For the "thread" start method build() gives the thread twin of the pool (Python's dummy.Pool).
        return new ManagedPool(
                builder::build,
                settings.getStartup() == MultiprocessProperties.Startup.EAGER,
                settings.getShutdown().getAwaitTermination(),
                new EagerStartCheck(context, EAGER_START_LIMIT));
    }

    /**
     * The pool: a stand-in that starts the workers on first use (or at start-up when
     * {@code multiprocess.pool.startup=eager}). Closed by its {@link ManagedPool}, not by a destroy method.
     *
     * @param managed its life cycle
     * @return the pool
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMissingBean
    Pool multiprocessPool(ManagedPool managed) {
        return managed.pool();
    }
}
