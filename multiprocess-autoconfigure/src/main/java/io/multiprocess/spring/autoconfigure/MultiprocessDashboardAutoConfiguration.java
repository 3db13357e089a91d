package io.multiprocess.spring.autoconfigure;

import io.multiprocess.context.ProcessContext;
import io.multiprocess.spring.dashboard.ContextPoolActivities;
import io.multiprocess.spring.dashboard.DashboardProperties;
import io.multiprocess.spring.dashboard.ProcessDashboardEndpoint;
import io.multiprocess.spring.dashboard.ProcessSampler;
import io.multiprocess.spring.monitor.PoolActivity;
import io.multiprocess.spring.monitor.ProcessTreeView;
import io.multiprocess.spring.pool.ManagedPool;
import java.util.ArrayList;
import java.util.List;
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
 * actuator's base path and its security. It draws every {@link PoolActivity} bean, and every other pool
 * built from the application's {@code ProcessContext} ({@link ContextPoolActivities}).
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
     * @param pools        the pools' activity beans
     * @param contextPools the activity of the context's other pools
     * @param properties   the dashboard's settings
     * @param context      the application's process context, whose queues are shown
     * @return the endpoint
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnAvailableEndpoint
    ProcessDashboardEndpoint processDashboardEndpoint(
            ProcessTreeView view,
            ObjectProvider<PoolActivity> pools,
            ObjectProvider<ContextPoolActivities> contextPools,
            DashboardProperties properties,
            ObjectProvider<ProcessContext> context) {
        return new ProcessDashboardEndpoint(
                view,
                () -> {
                    List<PoolActivity> all =
                            new ArrayList<>(pools.orderedStream().toList());
                    contextPools.ifAvailable(others ->
                            all.addAll(others.activities(properties.getDeadWorkerWindow(), List.copyOf(all))));
                    return all;
                },
                properties,
                new ProcessSampler(),
                () -> {
                    ProcessContext processContext = context.getIfAvailable();
                    return processContext == null ? List.of() : processContext.queues();
                });
    }

    /**
     * The activity of every pool built from the application's process context.
     *
     * @return the pool customizer that gives each pool its activity
     */
    @Bean
    @ConditionalOnMissingBean
    static ContextPoolActivities multiprocessContextPoolActivities() {
        return new ContextPoolActivities();
    }

    /**
     * Turns HotSpot's performance data back on for the children of the process context, so that the dashboard
     * can show each child JVM's heap: the library starts children with {@code -XX:-UsePerfData} (no file in
     * {@code /tmp} per JVM) unless a dashboard reads those files. Given before the user's own options, so that a
     * {@code -XX:-UsePerfData} in {@code multiprocess.child.jvm-options} still wins.
     *
     * @return the context customizer
     */
    @Bean
    ProcessContextCustomizer multiprocessDashboardPerfDataCustomizer() {
        return context -> {
            List<String> options = new ArrayList<>();
            options.add("-XX:+UsePerfData");
            options.addAll(context.jvmOptions());
            return context.withJvmOptions(options);
        };
    }

    /**
     * Makes the process context give each pool builder an activity of {@link ContextPoolActivities}.
     *
     * @param activities the activities of the context's pools
     * @return the context customizer
     */
    @Bean
    ProcessContextCustomizer multiprocessContextPoolActivitiesCustomizer(ContextPoolActivities activities) {
        return context -> context.withPoolCustomizer(activities);
    }

    /**
     * Leaves the auto-configured pool, whose activity is a bean already, out of {@link ContextPoolActivities}.
     *
     * @param activities the activities of the context's pools
     * @return the customizer of the auto-configured pool's builder
     */
    @Bean
    @ConditionalOnBean(ManagedPool.class)
    PoolBuilderCustomizer multiprocessContextPoolActivitiesExclusion(ContextPoolActivities activities) {
        return activities::exclude;
    }
}
