package io.multiprocess.function;

import java.io.Serializable;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Callable} that can be sent to another process.
 *
 * @param <V> the result type
 */
@FunctionalInterface
public interface SerializableCallable<V extends @Nullable Object> extends Callable<V>, Serializable {}
