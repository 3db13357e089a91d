package io.multiprocess.spring.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.test.simple.SimpleTracer;
import io.multiprocess.spring.autoconfigure.MultiprocessTracingAutoConfiguration;
import io.multiprocess.spring.autoconfigure.PoolBuilderCustomizer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** When tasks are observed: an observation registry, the property, Micrometer Tracing present or not. */
class MultiprocessTracingAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MultiprocessTracingAutoConfiguration.class));

    @Test
    void observesTasksWhenThereIsARegistry() {
        runner.withBean(ObservationRegistry.class, ObservationRegistry::create).run(context -> {
            assertThat(context).hasSingleBean(ObservedTasks.class).hasSingleBean(PoolBuilderCustomizer.class);
        });
    }

    @Test
    void backsOffWithoutARegistry() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ObservedTasks.class));
    }

    @Test
    void backsOffWhenDisabled() {
        runner.withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withPropertyValues("multiprocess.tracing.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ObservedTasks.class));
    }

    @Test
    void observesWithoutMicrometerTracingOnTheClassPath() {
        runner.withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withClassLoader(new FilteredClassLoader(Tracer.class))
                .run(context -> assertThat(context).hasSingleBean(ObservedTasks.class));
    }

    @Test
    void keepsTheApplicationsOwn() {
        ObservedTasks own = new ObservedTasks(ObservationRegistry.NOOP, null);
        runner.withBean(ObservationRegistry.class, ObservationRegistry::create)
                .withBean(SimpleTracer.class, SimpleTracer::new)
                .withBean(ObservedTasks.class, () -> own)
                .run(context -> assertThat(context.getBean(ObservedTasks.class)).isSameAs(own));
    }
}
