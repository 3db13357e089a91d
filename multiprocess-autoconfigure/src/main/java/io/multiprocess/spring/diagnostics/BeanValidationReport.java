package io.multiprocess.spring.diagnostics;

import jakarta.validation.ConstraintValidatorContext;
import org.jspecify.annotations.Nullable;

/** Reports a rule's violation to Bean Validation; loaded only when Bean Validation runs the rules. */
final class BeanValidationReport {

    private BeanValidationReport() {}

    /** Reports the violation (if any) with the rule's own words; returns whether the value is valid. */
    static boolean report(@Nullable String violation, ConstraintValidatorContext context) {
        if (violation == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // The message is a template: escape what Bean Validation would interpolate.
        String template = violation
                .replace("\\", "\\\\")
                .replace("{", "\\{")
                .replace("}", "\\}")
                .replace("$", "\\$");
        context.buildConstraintViolationWithTemplate(template).addConstraintViolation();
        return false;
    }
}
