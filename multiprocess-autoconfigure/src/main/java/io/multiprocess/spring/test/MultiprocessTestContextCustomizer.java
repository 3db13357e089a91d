package io.multiprocess.spring.test;

import io.multiprocess.StartMethod;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Applies the test's start method to {@code multiprocess.start-method}, ahead of every other property
 * source, and registers {@link ContextProcesses}, which tells {@link NoLeftoversExtension} what the
 * context owns. Equal customizers give equal context cache keys: the annotation's start method is part
 * of the key, the property is already part of it through the test's property sources.
 */
final class MultiprocessTestContextCustomizer implements ContextCustomizer {

    /** The name of the property source that carries the test's start method. */
    static final String PROPERTY_SOURCE = "multiprocessTestStartMethod";

    private final @Nullable StartMethod annotated;

    MultiprocessTestContextCustomizer(@Nullable StartMethod annotated) {
        this.annotated = annotated;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
        ConfigurableEnvironment environment = context.getEnvironment();
        StartMethod startMethod = annotated != null ? annotated : configured(environment);
        if (startMethod != null) {
            environment
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            PROPERTY_SOURCE, Map.of("multiprocess.start-method", startMethod.pythonName())));
        }
        ContextProcesses.register(context);
    }

    private static @Nullable StartMethod configured(ConfigurableEnvironment environment) {
        return Binder.get(environment)
                .bind("multiprocess.test", MultiprocessTestProperties.class)
                .map(MultiprocessTestProperties::getStartMethod)
                .orElse(null);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof MultiprocessTestContextCustomizer that && annotated == that.annotated;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(annotated);
    }
}
