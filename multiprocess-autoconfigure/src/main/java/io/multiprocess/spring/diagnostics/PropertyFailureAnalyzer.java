package io.multiprocess.spring.diagnostics;

import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Reports a {@code multiprocess.*} property that could not be bound or failed its checks: Boot's
 * "APPLICATION FAILED TO START" block with the property's full name, its value as written, where it was
 * set (file and line, from Boot's origin tracking) and the fix (the rule, what the property is for, from
 * the configuration metadata, and its default). Any properties class under {@code multiprocess} is covered,
 * whether its values failed to convert, failed Bean Validation or failed {@link PropertyChecks}.
 * Runs before Boot's own analyzers of binding failures, which would say "Update your application's
 * configuration".
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class PropertyFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    /** The prefix of the properties this analyzer reports. */
    static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("multiprocess");

    /** Made by Boot from {@code META-INF/spring.factories}. */
    public PropertyFailureAnalyzer() {}

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        ConfigurationPropertyName name = cause.getName();
        if (!PREFIX.equals(name) && !PREFIX.isAncestorOf(name)) {
            return null;
        }
        Map<String, Invalid> invalid = new LinkedHashMap<>();
        BindValidationException validation = findCause(cause, BindValidationException.class);
        if (validation != null) {
            ValidationErrors errors = validation.getValidationErrors();
            for (ObjectError error : errors) {
                Invalid entry = fromValidation(errors, error);
                invalid.putIfAbsent(entry.name(), entry);
            }
        } else {
            ConfigurationProperty property = cause.getProperty();
            Class<?> type = cause.getTarget().getType().resolve(Object.class);
            invalid.put(
                    name.toString(),
                    new Invalid(
                            name.toString(),
                            property != null ? property.getValue() : null,
                            property != null ? property.getOrigin() : null,
                            conversionRule(type, cause)));
        }
        if (invalid.isEmpty()) {
            return null;
        }
        // By name: Bean Validation reports in no particular order.
        return analysis(
                invalid.values().stream()
                        .sorted(Comparator.comparing(Invalid::name))
                        .toList(),
                cause);
    }

    private static Invalid fromValidation(ValidationErrors errors, ObjectError error) {
        String reason = error.getDefaultMessage() != null ? error.getDefaultMessage() : "is not valid";
        if (!(error instanceof FieldError field)) {
            return new Invalid(errors.getName().toString(), null, Origin.from(error), reason);
        }
        ConfigurationPropertyName key = errors.getName().append(DataObjectPropertyName.toDashedForm(field.getField()));
        ConfigurationProperty bound = errors.getBoundProperties().stream()
                .filter(property -> property.getName().equals(key))
                .findFirst()
                .orElse(null);
        Object value = bound != null ? bound.getValue() : field.getRejectedValue();
        Origin origin = Origin.from(field);
        if (origin == null && bound != null) {
            origin = bound.getOrigin();
        }
        return new Invalid(key.toString(), value, origin, reason);
    }

    /** What a value of the type must look like, for a value that could not be converted. */
    static String conversionRule(Class<?> type, Throwable cause) {
        if (type.isEnum()) {
            return "must be one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(constant -> ((Enum<?>) constant)
                                    .name()
                                    .toLowerCase(Locale.ROOT)
                                    .replace('_', '-'))
                            .collect(Collectors.joining(", "));
        }
        if (type == Duration.class) {
            return "must be a duration, such as 500ms, 30s, 2m or PT1M";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "must be a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "must be true or false";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "cannot be read as " + type.getSimpleName() + ": " + root.getMessage();
    }

    private static FailureAnalysis analysis(List<Invalid> invalid, Throwable cause) {
        StringBuilder description = new StringBuilder(
                invalid.size() == 1
                        ? "Invalid value for " + invalid.get(0).name() + ":\n"
                        : "Invalid values for " + invalid.size() + " multiprocess properties:\n");
        StringBuilder action = new StringBuilder();
        for (Invalid entry : invalid) {
            description.append('\n').append(Reports.block(entry.name(), entry.value(), entry.origin(), entry.reason()));
            if (!action.isEmpty()) {
                action.append("\n\n");
            }
            action.append("Change ")
                    .append(entry.name())
                    .append(" (")
                    .append(Reports.where(entry.origin()))
                    .append("): it ")
                    .append(entry.reason())
                    .append('.');
            PropertyDescriptions.Description about = PropertyDescriptions.find(entry.name());
            if (about != null) {
                if (about.text() != null) {
                    action.append("\nWhat it sets: ").append(about.text());
                }
                action.append("\nOr remove it to use the default")
                        .append(about.defaultValue() != null ? ", " + about.defaultValue() : "")
                        .append('.');
            }
        }
        return new FailureAnalysis(description.toString(), action.toString(), cause);
    }

    /** One invalid property. */
    private record Invalid(
            String name, @Nullable Object value, @Nullable Origin origin, String reason) {}
}
