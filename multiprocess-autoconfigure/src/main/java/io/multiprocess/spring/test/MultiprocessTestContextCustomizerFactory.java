package io.multiprocess.spring.test;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Gives every Spring test context the multiprocess test settings: the start method of
 * {@link AutoConfigureMultiprocess} or {@code multiprocess.test.start-method}, and the record of which
 * processes the application context owns, for {@link NoLeftovers}. Registered in
 * {@code META-INF/spring.factories}, so that only Spring's TestContext framework loads it, never a
 * running application.
 */
final class MultiprocessTestContextCustomizerFactory implements ContextCustomizerFactory {

    MultiprocessTestContextCustomizerFactory() {}

    @Override
    public @Nullable ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        AutoConfigureMultiprocess annotation =
                TestContextAnnotationUtils.findMergedAnnotation(testClass, AutoConfigureMultiprocess.class);
        return new MultiprocessTestContextCustomizer(annotation == null ? null : annotation.startMethod());
    }
}
