package io.multiprocess.process;

import io.multiprocess.ProcessStateException;
import io.multiprocess.StartMethod;
import io.multiprocess.serialization.Serializers;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The settings of this process's default context: what processes, pools and managers created without a
 * context use. Python's default context: the start method can be set once (or again with {@code force}),
 * and is fixed to spawn by the first use. In a child, the default is what its parent started it with,
 * adopted by the child's entry point.
 *
 * <p>The default context ({@code DefaultSettings}) is a view of these settings; setting either sets both.
 */
public final class DefaultSettings {

    private static final Object LOCK = new Object();
    private static volatile @Nullable ProcessSettings actual;

    private DefaultSettings() {}

    /**
     * The default settings, fixing them to {@code spawn} if nothing was set yet.
     *
     * @return the settings
     */
    public static ProcessSettings get() {
        ProcessSettings settings = actual;
        if (settings != null) {
            return settings;
        }
        synchronized (LOCK) {
            if (actual == null) {
                actual = ProcessSettings.of(StartMethod.SPAWN);
            }
            return actual;
        }
    }

    /**
     * Replaces the default settings. Python's {@code set_start_method(method, force)}.
     *
     * @param settings the new default
     * @param force    replace even if the default was already set or used
     * @throws ProcessStateException if the default was already set or used and {@code force} is false
     */
    public static void set(ProcessSettings settings, boolean force) {
        Objects.requireNonNull(settings, "settings");
        synchronized (LOCK) {
            if (actual != null && !force) {
                throw new ProcessStateException(
                        "The default context is already set (to " + actual
                                + "); call setStartMethod(method, true) to replace it, or use getContext(method) for a separate context");
            }
            actual = settings;
            Serializers.setProcessDefault(settings.serializer());
        }
    }

    /**
     * True when the default was set or used already.
     *
     * @return whether {@link #get()} would return existing settings
     */
    public static boolean isSet() {
        return actual != null;
    }
}
