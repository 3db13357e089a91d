package io.multiprocess.context;

import io.multiprocess.ProcessStateException;
import io.multiprocess.StartMethod;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The process-wide default context, used by {@link io.multiprocess.Multiprocess}'s module-level
 * functions and by processes created without a context. Python's {@code DefaultContext}: the start
 * method can be set once (or again with {@code force}), and is fixed by the first use.
 *
 * <p>In a child process the default is the context its parent started it with, deserialized when the
 * child first asks for it.
 */
public final class DefaultContext {

    private static final Object LOCK = new Object();
    private static volatile ProcessContext actual;
    private static Supplier<ProcessContext> inherited;

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
                Supplier<ProcessContext> parents = inherited;
                actual = parents != null ? parents.get() : ProcessContext.of(StartMethod.SPAWN);
                inherited = null;
            }
            return actual;
        }
    }

    /**
     * Makes the parent's context the default of this child process, unless one is set before it is used.
     * Called by the child's entry point.
     *
     * @param parentContext supplies the parent's context on first use (it is deserialized then)
     */
    public static void inherit(Supplier<ProcessContext> parentContext) {
        Objects.requireNonNull(parentContext, "parentContext");
        synchronized (LOCK) {
            actual = null;
            inherited = parentContext;
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
            if ((actual != null || inherited != null) && !force) {
                throw new ProcessStateException("The default context is already set (to " + get()
                    + "); call setStartMethod(method, true) to replace it, or use getContext(method) for a separate context");
            }
            inherited = null;
            actual = context;
        }
    }

    /**
     * True when the default was set or used already.
     *
     * @return whether {@link #get()} would return an existing context
     */
    public static boolean isSet() {
        synchronized (LOCK) {
            return actual != null || inherited != null;
        }
    }
}
