package io.multiprocess.function;

import java.io.Serializable;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Consumer} that can be sent to another process.
 *
 * @param <T> the argument type
 */
@FunctionalInterface
public interface SerializableConsumer<T extends @Nullable Object> extends Consumer<T>, Serializable {

    /**
     * Returns a serializable consumer that calls this consumer, then {@code after}.
     *
     * @param after the consumer to call second
     * @return the composed consumer, serializable
     * @throws NullPointerException if {@code after} is null
     */
    default SerializableConsumer<T> andThen(SerializableConsumer<? super T> after) {
        Objects.requireNonNull(after, "after");
        return t -> {
            accept(t);
            after.accept(t);
        };
    }
}
