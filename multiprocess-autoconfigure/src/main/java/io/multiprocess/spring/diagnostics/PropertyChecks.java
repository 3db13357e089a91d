package io.multiprocess.spring.diagnostics;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.validation.Errors;

/**
 * The checks of a {@code @ConfigurationProperties} class: the rules of its {@link ValidRange} and
 * {@link ValidDuration} fields (nested settings classes of its package included, Bean Validation's
 * {@code @Valid} fields). A properties class that implements Spring's
 * {@link org.springframework.validation.Validator} and calls {@link #validate} there is checked by Boot as
 * it binds; the errors carry the origin of each value (file and line) and {@code PropertyFailureAnalyzer}
 * reports them.
 *
 * <p>With a Bean Validation provider on the class path (such as {@code spring-boot-starter-validation})
 * the object is validated by Bean Validation, which runs these rules as constraints (and any other
 * constraint on the class); without one, or with the API alone, the same rules run here, with the same
 * messages. A field rejected once is not reported twice. (The classes are not {@code @Validated}: Boot
 * would then fail the start-up of every application that has the API without a provider.)
 */
public final class PropertyChecks {

    private PropertyChecks() {}

    /**
     * Checks every rule of the properties object and its nested settings.
     *
     * @param properties the bound properties
     * @param errors     where violations go, by property path (such as {@code pool.processes})
     */
    public static void validate(Object properties, Errors errors) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = PropertyChecks.class.getClassLoader();
        }
        if (ClassUtils.isPresent("jakarta.validation.Validation", loader)) {
            BeanValidationDelegate.validate(properties, errors, loader);
        }
        validate(properties, "", properties.getClass().getPackageName(), errors, 0);
    }

    private static void validate(Object target, String prefix, String packageName, Errors errors, int depth) {
        for (Class<?> type = target.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
                    continue;
                }
                ReflectionUtils.makeAccessible(field);
                Object value = ReflectionUtils.getField(field, target);
                String path = prefix + field.getName();
                ValidRange range = field.getAnnotation(ValidRange.class);
                if (range != null) {
                    reject(errors, path, violation(range, value instanceof Number n ? n : null));
                }
                ValidDuration duration = field.getAnnotation(ValidDuration.class);
                if (duration != null) {
                    reject(errors, path, violation(duration, value instanceof Duration d ? d : null));
                }
                if (value != null
                        && depth < 8
                        && !value.getClass().isEnum()
                        && value.getClass().getPackageName().equals(packageName)) {
                    validate(value, path + ".", packageName, errors, depth + 1);
                }
            }
        }
    }

    /**
     * Rejects the value at a path, unless there is no violation or that path was rejected already.
     *
     * @param errors    the errors of the properties object
     * @param path      the property path, such as {@code pool.processes} or {@code members[1]}
     * @param violation what is wrong, said as the rule ("must be 0 or more"), or null if nothing
     */
    public static void reject(Errors errors, String path, @Nullable String violation) {
        if (violation != null && !errors.hasFieldErrors(path)) {
            errors.rejectValue(path, "multiprocess.invalid", violation);
        }
    }

    /** The violation of a range rule, or null. */
    static @Nullable String violation(ValidRange rule, @Nullable Number value) {
        if (value == null) {
            return null;
        }
        long number = value.longValue();
        if (number >= rule.min() && number <= rule.max()) {
            return null;
        }
        String requirement;
        if (rule.max() == Long.MAX_VALUE) {
            requirement = "must be " + rule.min() + " or more";
        } else if (rule.min() == Long.MIN_VALUE) {
            requirement = "must be " + rule.max() + " or less";
        } else {
            requirement = "must be from " + rule.min() + " to " + rule.max();
        }
        return withNote(requirement, rule.note());
    }

    /** The violation of a duration rule, or null. */
    static @Nullable String violation(ValidDuration rule, @Nullable Duration value) {
        if (value == null) {
            return rule.required() ? withNote("must be set to a duration, such as 30s", rule.note()) : null;
        }
        if (value.isNegative() || (value.isZero() && !rule.zero())) {
            return withNote(rule.zero() ? "must be zero or more" : "must be positive", rule.note());
        }
        return null;
    }

    private static String withNote(String requirement, String note) {
        return note.isEmpty() ? requirement : requirement + " (" + note + ")";
    }
}
