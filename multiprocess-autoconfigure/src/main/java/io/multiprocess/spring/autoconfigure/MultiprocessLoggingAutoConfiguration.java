package io.multiprocess.spring.autoconfigure;

import io.multiprocess.util.ProcessLogging;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the children's logging: their log lines go to the application's logging system
 * (see {@link ProcessLogging#forwardChildLogs()}), from the start of the context until it closes;
 * {@code multiprocess.logging.forward-children=false} turns it off. Registered before the pool's and the
 * context's auto-configurations, so that it is on before their first child starts.
 */
@AutoConfiguration(before = {MultiprocessAutoConfiguration.class, MultiprocessPoolAutoConfiguration.class})
@ConditionalOnProperty(
        prefix = "multiprocess.logging",
        name = "forward-children",
        havingValue = "true",
        matchIfMissing = true)
@EnableConfigurationProperties(MultiprocessLoggingProperties.class)
public final class MultiprocessLoggingAutoConfiguration {

    MultiprocessLoggingAutoConfiguration() {}

    /**
     * Forwards the children's lines while the context is open; closing the context stops it.
     *
     * @return the forwarding, closed with the context
     */
    @Bean(destroyMethod = "close")
    ProcessLogging.ChildLogForwarding multiprocessChildLogForwarding() {
        return ProcessLogging.forwardChildLogs();
    }
}
