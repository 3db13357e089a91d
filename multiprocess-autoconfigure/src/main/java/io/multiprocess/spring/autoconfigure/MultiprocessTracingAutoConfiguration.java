package io.multiprocess.spring.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.multiprocess.spring.tracing.ObservedTasks;
import io.multiprocess.spring.tracing.WorkerSpans;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of traces across the process boundary (see {@link ObservedTasks}), when the
 * application has an {@link ObservationRegistry} (Spring Boot's actuator): every task of the
 * auto-configured pool, and of pools built from {@code ProcessContext.poolBuilder()} with the
 * {@link PoolBuilderCustomizer} beans applied, is an observation; with a Micrometer Tracing {@link Tracer}
 * the worker's run is a span, child of the caller's. {@code multiprocess.tracing.enabled=false} turns it
 * off.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration"
        })
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnProperty(prefix = "multiprocess.tracing", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(MultiprocessTracingProperties.class)
public final class MultiprocessTracingAutoConfiguration {

    MultiprocessTracingAutoConfiguration() {}

    /**
     * Makes the pool's tasks observed.
     *
     * @param tasks the observations of tasks
     * @return the customizer
     */
    @Bean
    PoolBuilderCustomizer multiprocessTracingCustomizer(ObservedTasks tasks) {
        return builder -> builder.taskContext(tasks);
    }

    /** With Micrometer Tracing on the class path: worker spans when there is a tracer. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Tracer.class)
    static final class WithTracing {

        /**
         * Observations of tasks, and the workers' spans when the context has a tracer.
         *
         * @param registry   the observation registry
         * @param tracer     the tracer, if any
         * @param propagator how the trace is written into a task's headers, if any
         * @return the observations
         */
        @Bean
        @ConditionalOnMissingBean
        ObservedTasks multiprocessObservedTasks(
                ObservationRegistry registry, ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
            Tracer found = tracer.getIfAvailable();
            return new ObservedTasks(
                    registry,
                    found == null ? null : new WorkerSpans(found, propagator.getIfAvailable(() -> Propagator.NOOP)));
        }
    }

    /** Without Micrometer Tracing: observations only. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("io.micrometer.tracing.Tracer")
    static final class WithoutTracing {

        /**
         * Observations of tasks.
         *
         * @param registry the observation registry
         * @return the observations
         */
        @Bean
        @ConditionalOnMissingBean
        ObservedTasks multiprocessObservedTasks(ObservationRegistry registry) {
            return new ObservedTasks(registry, null);
        }
    }
}
