package io.multiprocess.context;

import io.multiprocess.ProcessStateException;
import io.multiprocess.StartMethod;
import java.util.Objects;

/**
 * The process-wide default context, used by {@link io.multiprocess.Multiprocess}'s module-level
 * functions and by processes created without a context. Python's {@code DefaultContext}: the start
 * method can be set once (or again with {@code force}), and is fixed by the first use.
 *
 * <p>In a child process the default is the context its parent started it with.
 */
public final class DefaultContext {

    private static final Object LOCK = new Object();
    private static volatile ProcessContext actual;

    private DefaultContext() {
    }

    /**
     * The default context, fixing it to {@code spawn} if nothing was set yet.
     *
     * @return the default context
     */
    public static ProcessContext get() {
        ProcessContext context = actual;
        if (context != null) {
            return context;
        }
        synchronized (LOCK) {
            if (actual == null) {
                actual = ProcessContext.of(StartMethod.SPAWN);
            }
            return actual;
        }
    }

    /**
     * Replaces the default context. Python's {@code set_start_method(method, force)}.
     *
     * @param context the new default
     * @param force   replace even if the default was already set or used
     * @throws ProcessStateException if the default was already set or used and {@code force} is false
     */
    public static void set(ProcessContext context, boolean force) {
        Objects.requireNonNull(context, "context");
        synchronized (LOCK) {
            if (actual != null && !force) {
                throw new ProcessStateException("The default context is already set (to " + actual
                    + "); call setStartMethod(method, true) to replace it, or use getContext(method) for a separate context");
            }
            actual = context;
        }
    }

    /**
     * True when the default was set or used already.
     *
     * @return whether {@link #get()} would return an existing context
     */
    public static boolean isSet() {
        return actual != null;
    }
}
