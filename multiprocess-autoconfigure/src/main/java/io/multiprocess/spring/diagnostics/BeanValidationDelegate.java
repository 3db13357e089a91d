package io.multiprocess.spring.diagnostics;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.validation.MessageInterpolatorFactory;
import org.springframework.util.ConcurrentReferenceHashMap;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Bean Validation of a properties object, when the application has a provider. Loaded only when the
 * Jakarta Validation API is there; without a provider (the API alone, as some libraries bring it) it does
 * nothing, where a {@code @Validated} class would fail the start-up.
 */
final class BeanValidationDelegate {

    /** One validator per class loader (the application's, or a test's), empty if no provider is there. */
    private static final Map<ClassLoader, Optional<Validator>> VALIDATORS = new ConcurrentReferenceHashMap<>();

    private BeanValidationDelegate() {}

    /** Validates with Bean Validation if a provider is available to the loader; returns whether it did. */
    static boolean validate(Object target, Errors errors, ClassLoader loader) {
        Optional<Validator> validator = VALIDATORS.computeIfAbsent(loader, BeanValidationDelegate::create);
        validator.ifPresent(v -> v.validate(target, errors));
        return validator.isPresent();
    }

    private static Optional<Validator> create(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            ValidatorFactory factory = Validation.byDefaultProvider()
                    .configure()
                    .messageInterpolator(new MessageInterpolatorFactory().getObject())
                    .buildValidatorFactory();
            return Optional.of(new SpringValidatorAdapter(factory.getValidator()));
        } catch (RuntimeException noProvider) {
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
