package io.multiprocess.spring.diagnostics;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A duration property must not be negative (and, unless {@link #zero()} allows it, not zero); unset
 * ({@code null}) passes unless {@link #required()}. Checked by Bean Validation when the application has a provider,
 * else by {@link PropertyChecks}: the same rule and the same message either way.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@Constraint(validatedBy = ValidDuration.Checker.class)
public @interface ValidDuration {

    /**
     * Whether zero is allowed.
     *
     * @return true if zero is a valid value
     */
    boolean zero() default false;

    /**
     * Whether the property needs a value (an empty one binds to {@code null}).
     *
     * @return true if {@code null} is invalid
     */
    boolean required() default false;

    /**
     * What zero or an unset value means, said after the rule, such as {@code "0 to kill them at once"}.
     *
     * @return the note, empty for none
     */
    String note() default "";

    /**
     * Bean Validation's message; the rule writes its own.
     *
     * @return unused
     */
    String message() default "";

    /**
     * Bean Validation's groups.
     *
     * @return the groups
     */
    Class<?>[] groups() default {};

    /**
     * Bean Validation's payload.
     *
     * @return the payload
     */
    Class<? extends Payload>[] payload() default {};

    /** The rule for Bean Validation. */
    final class Checker implements ConstraintValidator<ValidDuration, Duration> {

        private @Nullable ValidDuration rule;

        /** Made by Bean Validation. */
        public Checker() {}

        @Override
        public void initialize(ValidDuration annotation) {
            rule = annotation;
        }

        @Override
        public boolean isValid(@Nullable Duration value, ConstraintValidatorContext context) {
            String violation = rule == null ? null : PropertyChecks.violation(rule, value);
            return BeanValidationReport.report(violation, context);
        }
    }
}
