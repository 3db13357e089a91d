package io.multiprocess.function;

import java.io.Serializable;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Predicate} that can be sent to another process.
 *
 * @param <T> the argument type
 */
@FunctionalInterface
public interface SerializablePredicate<T extends @Nullable Object> extends Predicate<T>, Serializable {

    /**
     * Returns a serializable predicate that is true when both this one and {@code other} are.
     *
     * @param other the second predicate, evaluated only when this one is true
     * @return the conjunction, serializable
     * @throws NullPointerException if {@code other} is null
     */
    default SerializablePredicate<T> and(SerializablePredicate<? super T> other) {
        Objects.requireNonNull(other, "other");
        return t -> test(t) && other.test(t);
    }

    /**
     * Returns a serializable predicate that is true when this one or {@code other} is.
     *
     * @param other the second predicate, evaluated only when this one is false
     * @return the disjunction, serializable
     * @throws NullPointerException if {@code other} is null
     */
    default SerializablePredicate<T> or(SerializablePredicate<? super T> other) {
        Objects.requireNonNull(other, "other");
        return t -> test(t) || other.test(t);
    }

    /**
     * Returns a serializable predicate that is true when this one is false.
     *
     * @return the negation, serializable
     */
    @Override
    default SerializablePredicate<T> negate() {
        return t -> !test(t);
    }
}
