package io.multiprocess.spring.autoconfigure;

import io.multiprocess.pool.PoolBuilder;

/**
 * Adjusts the builder of the auto-configured pool after the {@code multiprocess.pool.*} properties were
 * applied, just before the pool starts: declare a bean of this type to set an initializer or add a
 * {@link io.multiprocess.pool.PoolListener}.
 *
 * <pre>{@code
 * @Bean
 * PoolBuilderCustomizer warmUpWorkers() {
 *     return builder -> builder.initializer(() -> Model.load());
 * }
 * }</pre>
 *
 * Customizers run in their {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface PoolBuilderCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the pool's builder, with the context and properties applied
     */
    void customize(PoolBuilder builder);
}
