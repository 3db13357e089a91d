package io.multiprocess.spring.autoconfigure;

import io.multiprocess.context.ProcessContext;

/**
 * Adjusts the auto-configured {@link ProcessContext} after the {@code multiprocess.*} properties were
 * applied: declare a bean of this type to set what the properties do not cover (output redirection, a
 * serializer instance). A context is immutable, so a customizer returns the context to use:
 *
 * <pre>{@code
 * @Bean
 * ProcessContextCustomizer logChildrenToFile() {
 *     return context -> context.withOutput(Redirect.appendTo(out), Redirect.appendTo(err));
 * }
 * }</pre>
 *
 * Customizers run in their {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface ProcessContextCustomizer {

    /**
     * Returns the context to use instead of {@code context}.
     *
     * @param context the context so far
     * @return the customized context (the same one if nothing changes); never null
     */
    ProcessContext customize(ProcessContext context);
}
