package io.multiprocess.spring.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.spring.autoconfigure.MultiprocessProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;

/**
 * The rules run once per bad value: by Bean Validation with a provider, else by the class itself. (The API
 * without a provider cannot be arranged in this module's class path: Jakarta Validation falls back to its
 * own class loader, which sees Hibernate Validator; that case ends in the delegate's catch of
 * NoProviderFoundException.)
 */
class PropertyChecksTests {

    @Test
    void withAProviderBeanValidationReportsTheRule() {
        Errors errors = validate(invalid(), Thread.currentThread().getContextClassLoader());
        assertThat(errors.getFieldErrors("pool.processes"))
                .singleElement()
                .extracting(FieldError::getCode)
                .isEqualTo("ValidRange");
    }

    @Test
    void withoutTheApiTheClassReportsTheRuleItself() {
        Errors errors = validate(invalid(), new FilteredClassLoader("jakarta.validation", "org.hibernate.validator"));
        assertThat(errors.getFieldErrors("pool.processes"))
                .singleElement()
                .extracting(FieldError::getCode)
                .isEqualTo("multiprocess.invalid");
    }

    private static MultiprocessProperties invalid() {
        MultiprocessProperties properties = new MultiprocessProperties();
        properties.getPool().setProcesses(-1);
        return properties;
    }

    private static Errors validate(MultiprocessProperties properties, ClassLoader loader) {
        Errors errors = new BeanPropertyBindingResult(properties, "multiprocess");
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            properties.validate(properties, errors);
        } finally {
            thread.setContextClassLoader(before);
        }
        return errors;
    }
}
