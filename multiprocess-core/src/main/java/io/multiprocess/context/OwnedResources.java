package io.multiprocess.context;

import io.multiprocess.MultiprocessException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.util.ProcessLogging;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * What a scoped {@link ProcessContext} created and still has to release: the owner's record. Thread-safe.
 *
 * <p>Two kinds of entries. Objects whose resources the garbage collector already frees when the
 * application drops them (segments of locks and values, queues, pipes) are held weakly, so that an
 * application that creates one per request does not keep them all alive: on {@link #close()} those still
 * reachable are released, the others were released by their cleaners. Objects that run something
 * (processes, pools, managers) are held strongly until they are spent (ended, terminated), because
 * nothing else would stop them before the JVM exits; spent entries are dropped now and then as new ones
 * come.
 *
 * <p>{@link #close()} releases the entries newest first, as nested try-with-resources blocks would, so
 * that a pool is terminated before the lock its tasks use is unlinked.
 */
final class OwnedResources {

    private static final Logger LOG = ProcessLogging.getLogger(OwnedResources.class);

    /** Entries added between two sweeps of the spent ones: keeps {@link #own} O(1) amortized. */
    private static final int SWEEP_EVERY = 64;

    private final List<Entry<?>> entries = new ArrayList<>();
    private boolean closed;
    private int addedSinceSweep;

    /**
     * Records a resource that the garbage collector releases if the application drops it.
     *
     * @param resource the new resource
     * @param release  releases it (unlink, close); called at most once
     * @return the resource
     * @throws ProcessStateException if the owner was closed (the resource is released first)
     */
    <T> T ownWeakly(T resource, Consumer<? super T> release) {
        return add(new Entry<>(resource, true, r -> false, release), resource);
    }

    /**
     * Records a resource that runs until it is stopped.
     *
     * @param resource the new resource
     * @param spent    whether it needs no release any more (it ended); may throw, which counts as spent
     * @param release  stops it and waits for it; called at most once
     * @return the resource
     * @throws ProcessStateException if the owner was closed (the resource is released first)
     */
    <T> T ownStrongly(T resource, Predicate<? super T> spent, Consumer<? super T> release) {
        return add(new Entry<>(resource, false, spent, release), resource);
    }

    private <T> T add(Entry<T> entry, T resource) {
        synchronized (this) {
            if (!closed) {
                entries.add(entry);
                if (++addedSinceSweep >= SWEEP_EVERY) {
                    addedSinceSweep = 0;
                    entries.removeIf(Entry::isSpent);
                }
                return resource;
            }
        }
        entry.release();
        throw closedException();
    }

    /**
     * Fails if the owner was closed: factories call it before they create anything.
     *
     * @throws ProcessStateException if it was closed
     */
    synchronized void checkOpen() {
        if (closed) {
            throw closedException();
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * The resources of this type still held (not collected, not released), oldest first.
     *
     * @param type the type
     * @return the resources
     */
    synchronized <T> List<T> held(Class<T> type) {
        List<T> found = new ArrayList<>();
        for (Entry<?> entry : entries) {
            Object resource = entry.resource();
            if (type.isInstance(resource)) {
                found.add(type.cast(resource));
            }
        }
        return found;
    }

    /** How many entries are held (spent ones that were not swept yet included): for tests. */
    synchronized int size() {
        return entries.size();
    }

    /**
     * Releases every entry, newest first, and refuses new ones. A release that fails is logged and the
     * others still run; closing twice does nothing.
     *
     * @throws MultiprocessException after releasing the others, if some failed
     */
    void close() {
        List<Entry<?>> toRelease;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toRelease = new ArrayList<>(entries);
            entries.clear();
        }
        MultiprocessException failure = null;
        for (int i = toRelease.size() - 1; i >= 0; i--) {
            try {
                toRelease.get(i).release();
            } catch (RuntimeException e) {
                LOG.warn("Could not release {} while closing its context", toRelease.get(i), e);
                if (failure == null) {
                    failure = new MultiprocessException("Closing a scoped process context: some of its "
                            + "resources could not be released (see the suppressed exceptions); the others were");
                }
                failure.addSuppressed(e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static ProcessStateException closedException() {
        return new ProcessStateException("This process context was closed: it released what it had created "
                + "and creates nothing more; use an open context (Multiprocess.getContext(), or a new "
                + "Multiprocess.scopedContext())");
    }

    /** One resource and how to release it. */
    private static final class Entry<T> {

        private final @Nullable T strong;
        private final @Nullable WeakReference<T> weak;
        private final Predicate<? super T> spent;
        private final Consumer<? super T> release;

        Entry(T resource, boolean weakly, Predicate<? super T> spent, Consumer<? super T> release) {
            this.strong = weakly ? null : resource;
            this.weak = weakly ? new WeakReference<>(resource) : null;
            this.spent = spent;
            this.release = release;
        }

        private @Nullable T resource() {
            return weak != null ? weak.get() : strong;
        }

        boolean isSpent() {
            T resource = resource();
            if (resource == null) {
                return true;
            }
            try {
                return spent.test(resource);
            } catch (RuntimeException e) {
                return true;
            }
        }

        void release() {
            T resource = resource();
            if (resource != null) {
                release.accept(resource);
            }
        }

        @Override
        public String toString() {
            T resource = resource();
            return resource == null ? "(collected)" : String.valueOf(resource);
        }
    }
}
