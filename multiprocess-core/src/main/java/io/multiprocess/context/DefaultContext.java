package io.multiprocess.context;

import io.multiprocess.ProcessStateException;
import io.multiprocess.process.DefaultSettings;
import io.multiprocess.process.ProcessSettings;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The process-wide default context, used by {@link io.multiprocess.Multiprocess}'s module-level
 * functions and by processes created without a context. Python's {@code DefaultContext}: the start
 * method can be set once (or again with {@code force}), and is fixed by the first use.
 *
 * <p>A view of {@link DefaultSettings}, which the layers below the context read: setting one sets the
 * other. In a child process the default is the context its parent started it with.
 */
public final class DefaultContext {

    private static volatile @Nullable ProcessContext cached;

    private DefaultContext() {}

    /**
     * The default context, fixing it to {@code spawn} if nothing was set yet.
     *
     * @return the default context
     */
    public static ProcessContext get() {
        ProcessSettings settings = DefaultSettings.get();
        ProcessContext context = cached;
        if (context == null || context.settings() != settings) {
            context = ProcessContext.of(settings);
            cached = context;
        }
        return context;
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
        DefaultSettings.set(context.settings(), force);
        cached = context;
    }

    /**
     * True when the default was set or used already.
     *
     * @return whether {@link #get()} would return an existing context
     */
    public static boolean isSet() {
        return DefaultSettings.isSet();
    }
}
