package io.multiprocess.function;

import java.io.Serializable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Supplier} that can be sent to another process.
 *
 * @param <T> the supplied type
 */
@FunctionalInterface
public interface SerializableSupplier<T extends @Nullable Object> extends Supplier<T>, Serializable {}
