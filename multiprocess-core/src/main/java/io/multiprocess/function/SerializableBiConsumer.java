package io.multiprocess.function;

import java.io.Serializable;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BiConsumer} that can be sent to another process.
 *
 * @param <T> the first argument type
 * @param <U> the second argument type
 */
@FunctionalInterface
public interface SerializableBiConsumer<T extends @Nullable Object, U extends @Nullable Object>
        extends BiConsumer<T, U>, Serializable {

    /**
     * Returns a serializable consumer that calls this consumer, then {@code after}.
     *
     * @param after the consumer to call second
     * @return the composed consumer, serializable
     * @throws NullPointerException if {@code after} is null
     */
    default SerializableBiConsumer<T, U> andThen(SerializableBiConsumer<? super T, ? super U> after) {
        Objects.requireNonNull(after, "after");
        return (t, u) -> {
            accept(t, u);
            after.accept(t, u);
        };
    }
}
