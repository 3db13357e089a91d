package io.multiprocess.managers;

import org.jspecify.annotations.Nullable;

/**
 * A proxy of a value served by a {@link SyncManager}. Python's {@code ValueProxy}
 * ({@code manager.Value(typecode, value)}), whose {@code .value} is {@link #get()} and {@link #set}.
 *
 * @param <T> the value type
 */
public interface ValueProxy<T extends @Nullable Object> extends BaseProxy {

    /**
     * The value.
     *
     * @return a copy of the value
     */
    T get();

    /**
     * Replaces the value. With a type code, numbers are converted to its type (an {@code "i"} value
     * stores an {@code Integer}).
     *
     * @param value the new value
     * @throws IllegalArgumentException if it does not fit the type code
     */
    void set(T value);
}
