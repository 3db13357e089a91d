package io.multiprocess.function;

import java.io.Serializable;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Function} that can be sent to another process.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T extends @Nullable Object, R extends @Nullable Object>
        extends Function<T, R>, Serializable {

    /**
     * Returns a serializable function that applies this function, then {@code after}.
     *
     * @param after the function to apply to this function's result
     * @param <V>   the result type of {@code after}
     * @return the composed function, serializable
     * @throws NullPointerException if {@code after} is null
     */
    default <V extends @Nullable Object> SerializableFunction<T, V> andThen(
            SerializableFunction<? super R, ? extends V> after) {
        Objects.requireNonNull(after, "after");
        return t -> after.apply(apply(t));
    }

    /**
     * Returns a serializable function that applies {@code before}, then this function.
     *
     * @param before the function to apply first
     * @param <V>    the argument type of {@code before}
     * @return the composed function, serializable
     * @throws NullPointerException if {@code before} is null
     */
    default <V extends @Nullable Object> SerializableFunction<V, R> compose(
            SerializableFunction<? super V, ? extends T> before) {
        Objects.requireNonNull(before, "before");
        return v -> apply(before.apply(v));
    }

    /**
     * Returns the serializable identity function.
     *
     * @param <T> the argument and result type
     * @return a function that returns its argument
     */
    static <T extends @Nullable Object> SerializableFunction<T, T> identity() {
        return t -> t;
    }
}
