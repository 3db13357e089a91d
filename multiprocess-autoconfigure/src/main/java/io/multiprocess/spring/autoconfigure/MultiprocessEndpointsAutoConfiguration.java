package io.multiprocess.spring.autoconfigure;

import io.multiprocess.spring.actuate.ChildProcessesEndpoint;
import io.multiprocess.spring.actuate.ProcessResourcesEndpoint;
import io.multiprocess.spring.monitor.PoolActivity;
import io.multiprocess.spring.monitor.ProcessTreeView;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the actuator endpoints {@code childprocesses} and {@code processresources}, when
 * the application has Spring Boot's actuator. Each is defined when it is available (accessible and
 * exposed, as {@code management.endpoints.web.exposure.include} and
 * {@code management.endpoint.<id>.access} say).
 */
@AutoConfiguration(after = MultiprocessAutoConfiguration.class)
@ConditionalOnClass({Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(ProcessTreeView.class)
public final class MultiprocessEndpointsAutoConfiguration {

    MultiprocessEndpointsAutoConfiguration() {}

    /**
     * The {@code childprocesses} endpoint.
     *
     * @param view  the view of the process tree
     * @param pools the pools' activity (dead workers)
     * @return the endpoint
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    ChildProcessesEndpoint childProcessesEndpoint(ProcessTreeView view, ObjectProvider<PoolActivity> pools) {
        return new ChildProcessesEndpoint(view, () -> pools.orderedStream().toList());
    }

    /**
     * The {@code processresources} endpoint.
     *
     * @param view the view of the process tree
     * @return the endpoint
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    ProcessResourcesEndpoint processResourcesEndpoint(ProcessTreeView view) {
        return new ProcessResourcesEndpoint(view);
    }
}
