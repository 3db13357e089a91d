package io.multiprocess.util;

import io.multiprocess.internal.exit.ExitSequence;
import java.lang.ref.Cleaner;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A cleanup callback that runs at most once: when an object becomes unreachable (garbage-collected),
 * when this process exits (if it has an exit priority), or when called explicitly, whichever comes
 * first. Python's {@code multiprocessing.util.Finalize(obj, callback, exitpriority=...)}.
 *
 * <pre>{@code
 * Path socketFile = ProcessTempDir.get().resolve("listener");
 * Finalize.register(listener, () -> deleteQuietly(socketFile), 10);  // never capture listener itself
 * }</pre>
 *
 * <p>At exit, callbacks with an exit priority run from one shutdown hook of the library, highest
 * priority first, and among equal priorities the last registered first; those with priority 0 or
 * higher run before the process's daemon children are terminated and its other children waited for,
 * negative ones after (the process's {@link ProcessTempDir temporary directory} is removed at -100).
 * Callbacks without an exit priority do not run at exit. Exit means the end of {@code main} (after the
 * non-daemon threads and children end), {@code System.exit}, SIGTERM ({@code terminate()}), SIGINT and
 * SIGHUP; on SIGKILL nothing runs. A callback that throws at exit is reported on standard error and
 * the others still run.
 *
 * <p>The callback runs on the thread that triggers it: the JDK's cleaner thread after garbage
 * collection, the shutdown hook at exit, the caller of {@link #run()}. It must not refer to the
 * object it cleans up after (directly or through a lambda's captured values or an inner class's outer
 * instance), or the object stays reachable and only the exit can run it. Thread-safe.
 */
public final class Finalize {

    private static final Cleaner CLEANER = Cleaner.create(runnable -> {
        Thread thread = new Thread(runnable, "multiprocess-finalizer");
        thread.setDaemon(true);
        return thread;
    });

    private final AtomicReference<@Nullable Runnable> callback;
    private final String description;
    private final OptionalInt exitPriority;
    private volatile ExitSequence.@Nullable Registration atExit;
    private volatile Cleaner.@Nullable Cleanable cleanable;

    private Finalize(Runnable callback, OptionalInt exitPriority) {
        this.callback = new AtomicReference<>(Objects.requireNonNull(callback, "callback"));
        this.description = callback.toString();
        this.exitPriority = exitPriority;
    }

    /**
     * Runs {@code callback} once {@code obj} has been garbage-collected; not at exit. Python's
     * {@code Finalize(obj, callback)}.
     *
     * @param obj      the object to watch; the callback must not refer to it
     * @param callback what to run
     * @return the finalizer, to run or cancel it early
     */
    public static Finalize register(Object obj, Runnable callback) {
        Objects.requireNonNull(obj, "obj");
        Finalize finalizer = new Finalize(callback, OptionalInt.empty());
        finalizer.watch(obj);
        return finalizer;
    }

    /**
     * Runs {@code callback} once {@code obj} has been garbage-collected, or at exit if that comes first.
     * Python's {@code Finalize(obj, callback, exitpriority=n)}.
     *
     * @param obj          the object to watch; the callback must not refer to it
     * @param callback     what to run
     * @param exitPriority the order at exit: higher runs earlier; 0 and higher before the children are
     *                     handled, negative after
     * @return the finalizer, to run or cancel it early
     */
    public static Finalize register(Object obj, Runnable callback, int exitPriority) {
        Objects.requireNonNull(obj, "obj");
        Finalize finalizer = new Finalize(callback, OptionalInt.of(exitPriority));
        finalizer.atExit = ExitSequence.register(exitPriority, finalizer::runQuietlyAtExit);
        finalizer.watch(obj);
        return finalizer;
    }

    /**
     * Runs {@code callback} at exit, in the order of its priority. Python's
     * {@code Finalize(None, callback, exitpriority=n)}.
     *
     * @param callback     what to run
     * @param exitPriority the order at exit: higher runs earlier; 0 and higher before the children are
     *                     handled, negative after
     * @return the finalizer, to run or cancel it early
     */
    public static Finalize atExit(Runnable callback, int exitPriority) {
        Finalize finalizer = new Finalize(callback, OptionalInt.of(exitPriority));
        finalizer.atExit = ExitSequence.register(exitPriority, finalizer::runQuietlyAtExit);
        return finalizer;
    }

    /**
     * Runs the callback now, in this thread, unless it already ran or was cancelled. Python's
     * {@code finalizer()}. An exception of the callback propagates to the caller; it does not run again.
     *
     * @return true if the callback ran (or began to run) in this call
     */
    public boolean run() {
        Runnable action = take();
        if (action == null) {
            return false;
        }
        action.run();
        return true;
    }

    /**
     * Cancels the callback without running it. Python's {@code cancel()}.
     *
     * @return true if it was still pending
     */
    public boolean cancel() {
        return take() != null;
    }

    /**
     * Whether the callback has neither run nor been cancelled. Python's {@code still_active()}.
     *
     * @return true while it is pending
     */
    public boolean isStillActive() {
        return callback.get() != null;
    }

    /**
     * The exit priority, if the callback also runs at exit.
     *
     * @return the priority, or empty when only garbage collection (or an explicit call) runs it
     */
    public OptionalInt exitPriority() {
        return exitPriority;
    }

    /**
     * Whether this process has begun to exit (its exit callbacks are running). Python's
     * {@code util.is_exiting()}.
     *
     * @return true once the library's shutdown hook runs
     */
    public static boolean isExiting() {
        return ExitSequence.isExiting();
    }

    @Override
    public String toString() {
        return "Finalize[" + description
                + exitPriority.stream()
                        .mapToObj(p -> ", exitPriority=" + p)
                        .findFirst()
                        .orElse("") + (isStillActive() ? "" : ", done") + "]";
    }

    /** Takes the callback (once) and detaches from the exit sequence and the cleaner. */
    private @Nullable Runnable take() {
        Runnable action = callback.getAndSet(null);
        if (action != null) {
            ExitSequence.Registration registration = atExit;
            if (registration != null) {
                registration.remove();
            }
            Cleaner.Cleanable watched = cleanable;
            if (watched != null) {
                watched.clean();
            }
        }
        return action;
    }

    private void watch(Object obj) {
        // The cleaning action refers to this finalizer, which never refers to the object.
        cleanable = CLEANER.register(obj, this::runCollected);
        if (!isStillActive()) {
            cleanable.clean();
        }
    }

    /** After garbage collection, on the cleaner's thread. */
    private void runCollected() {
        Runnable action = callback.getAndSet(null);
        if (action == null) {
            return;
        }
        ExitSequence.Registration registration = atExit;
        if (registration != null) {
            registration.remove();
        }
        try {
            action.run();
        } catch (Throwable t) {
            System.err.println("multiprocess: the finalizer " + description + " failed after garbage collection: " + t);
            t.printStackTrace();
        }
    }

    private void runQuietlyAtExit() {
        Runnable action = callback.getAndSet(null);
        if (action != null) {
            Cleaner.Cleanable watched = cleanable;
            if (watched != null) {
                watched.clean();
            }
            action.run();
        }
    }
}
