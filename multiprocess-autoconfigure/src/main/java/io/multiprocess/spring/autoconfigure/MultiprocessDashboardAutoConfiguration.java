package io.multiprocess.spring.autoconfigure;

import io.multiprocess.spring.dashboard.DashboardProperties;
import io.multiprocess.spring.dashboard.ProcessDashboardEndpoint;
import io.multiprocess.spring.dashboard.ProcessSampler;
import io.multiprocess.spring.monitor.PoolActivity;
import io.multiprocess.spring.monitor.ProcessTreeView;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the live dashboard (the {@code processdashboard} actuator endpoint and its page),
 * when {@code multiprocess.dashboard.enabled=true} and the application has Spring Boot's actuator. Like
 * every endpoint it is served once exposed ({@code management.endpoints.web.exposure.include}), under the
 * actuator's base path and its security. It draws every {@link PoolActivity} bean.
 */
@AutoConfiguration(after = {MultiprocessAutoConfiguration.class, MultiprocessPoolActivityAutoConfiguration.class})
@ConditionalOnClass({WebEndpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBooleanProperty("multiprocess.dashboard.enabled")
@ConditionalOnBean(ProcessTreeView.class)
@EnableConfigurationProperties(DashboardProperties.class)
public final class MultiprocessDashboardAutoConfiguration {

    MultiprocessDashboardAutoConfiguration() {}

    /**
     * The dashboard's endpoint.
     *
     * @param view       the process tree
     * @param pools      the pools' activity
     * @param properties the dashboard's settings
     * @return the endpoint
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    ProcessDashboardEndpoint processDashboardEndpoint(
            ProcessTreeView view, ObjectProvider<PoolActivity> pools, DashboardProperties properties) {
        return new ProcessDashboardEndpoint(
                view, () -> pools.orderedStream().toList(), properties, new ProcessSampler());
    }
}
