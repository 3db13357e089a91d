package io.multiprocess.spring.autoconfigure;

import io.multiprocess.spring.parallel.ParallelMap;
import io.multiprocess.spring.parallel.ParallelMapPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link ParallelMap @ParallelMap}: beans with such methods get a proxy that runs
 * them in the pool's workers. Off with {@code multiprocess.parallel-map.enabled=false} (the methods then
 * run as plain calls).
 */
@AutoConfiguration(after = MultiprocessPoolAutoConfiguration.class)
@ConditionalOnProperty(
        prefix = "multiprocess.parallel-map",
        name = "enabled",
        havingValue = "true",
        matchIfMissing = true)
public final class ParallelMapAutoConfiguration {

    ParallelMapAutoConfiguration() {}

    /**
     * The post-processor that proxies beans with {@code @ParallelMap} methods. Static, as post-processors
     * must be, so that it does not pull other beans in early.
     *
     * @return the post-processor
     */
    @Bean
    @ConditionalOnMissingBean
    static ParallelMapPostProcessor parallelMapPostProcessor() {
        return new ParallelMapPostProcessor();
    }
}
