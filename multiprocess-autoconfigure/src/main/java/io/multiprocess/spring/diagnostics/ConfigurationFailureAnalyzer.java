package io.multiprocess.spring.diagnostics;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Reports a {@link MultiprocessConfigurationException}: its message, then each property concerned with its
 * value and where it was set (from the environment's property sources, with Boot's origin tracking), then
 * its action.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class ConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<MultiprocessConfigurationException> {

    /** How many elements of a list property are shown. */
    private static final int MAX_ELEMENTS = 16;

    private final @Nullable Environment environment;

    /**
     * Made by Boot from {@code META-INF/spring.factories}, with the application's environment.
     *
     * @param environment where the properties' values and origins are looked up
     */
    public ConfigurationFailureAnalyzer(@Nullable Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MultiprocessConfigurationException cause) {
        StringBuilder description = new StringBuilder(String.valueOf(cause.getMessage())).append('\n');
        for (String name : cause.properties()) {
            boolean found = false;
            ConfigurationProperty whole = lookUp(name);
            if (whole != null) {
                description.append('\n').append(Reports.block(name, whole.getValue(), whole.getOrigin(), null));
                found = true;
            }
            for (int i = 0; i < MAX_ELEMENTS; i++) {
                ConfigurationProperty element = lookUp(name + "[" + i + "]");
                if (element == null) {
                    break;
                }
                description
                        .append('\n')
                        .append(Reports.block(name + "[" + i + "]", element.getValue(), element.getOrigin(), null));
                found = true;
            }
            if (!found) {
                description.append("\n    Property: ").append(name).append(" (not set)\n");
            }
        }
        return new FailureAnalysis(description.toString(), cause.action(), cause);
    }

    private @Nullable ConfigurationProperty lookUp(String name) {
        if (environment == null || !ConfigurationPropertyName.isValid(name)) {
            return null;
        }
        ConfigurationPropertyName key = ConfigurationPropertyName.of(name);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(key);
            if (property != null) {
                return property;
            }
        }
        return null;
    }
}
