package io.multiprocess.function;

import java.io.Serializable;
import java.util.Objects;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * A {@link BiFunction} that can be sent to another process: the function of {@code starmap}.
 *
 * @param <T> the first argument type
 * @param <U> the second argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableBiFunction<
                T extends @Nullable Object, U extends @Nullable Object, R extends @Nullable Object>
        extends BiFunction<T, U, R>, Serializable {

    /**
     * Returns a serializable function that applies this function, then {@code after}.
     *
     * @param after the function to apply to this function's result
     * @param <V>   the result type of {@code after}
     * @return the composed function, serializable
     * @throws NullPointerException if {@code after} is null
     */
    default <V extends @Nullable Object> SerializableBiFunction<T, U, V> andThen(
            SerializableFunction<? super R, ? extends V> after) {
        Objects.requireNonNull(after, "after");
        return (t, u) -> after.apply(apply(t, u));
    }
}
