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
import org.jspecify.annotations.Nullable;

/**
 * A whole-number property must lie in a range; unset ({@code null}) passes. Checked by Bean Validation when
 * the application has it, else by {@link PropertyChecks}: the same rule and the same message either way.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@Constraint(validatedBy = ValidRange.Checker.class)
public @interface ValidRange {

    /**
     * The smallest value allowed.
     *
     * @return the minimum
     */
    long min() default Long.MIN_VALUE;

    /**
     * The largest value allowed.
     *
     * @return the maximum
     */
    long max() default Long.MAX_VALUE;

    /**
     * What a special value in the range means, said after the rule, such as {@code "0 for one per CPU"}.
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
    final class Checker implements ConstraintValidator<ValidRange, Number> {

        private @Nullable ValidRange rule;

        /** Made by Bean Validation. */
        public Checker() {}

        @Override
        public void initialize(ValidRange annotation) {
            rule = annotation;
        }

        @Override
        public boolean isValid(@Nullable Number value, ConstraintValidatorContext context) {
            String violation = rule == null ? null : PropertyChecks.violation(rule, value);
            return BeanValidationReport.report(violation, context);
        }
    }
}
