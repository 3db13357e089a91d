package io.multiprocess.managers.server;

import io.multiprocess.internal.shm.SharedSegment;
import io.multiprocess.sharedmemory.SharedMemory;
import io.multiprocess.tracker.ResourceTracker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The segments a {@link io.multiprocess.managers.SharedMemoryManager}'s server owns: unlinked when the server stops. One per
 * server, shared by every client's proxy. Python's {@code SharedMemoryServer.segment_names}.
 *
 * <p>Each segment is registered with the resource tracker of the server's process tree, so that it is
 * unlinked too if that tree dies without a shutdown. A client of another tree created it and registered
 * it with its own tracker; it unregisters there once the server has taken it over (see
 * {@link #track}).
 */
public final class SegmentTracker implements AutoCloseable {

    /** The type id a {@link io.multiprocess.managers.SharedMemoryManager} registers the tracker under. */
    public static final String TYPE_ID = "SharedMemoryTracker";

    private final Set<String> names = new LinkedHashSet<>();

    /**
     * The tracker's factory: the one tracker of the current server (its segments go when the server
     * stops), or a fresh one outside a server.
     *
     * @param args the create call's arguments (none)
     * @return the tracker
     */
    public static SegmentTracker create(Object[] args) {
        Server server = ServingContext.server();
        return server == null ? new SegmentTracker() : server.shared(TYPE_ID, SegmentTracker::new);
    }

    /**
     * Takes a segment over. Python's {@code track_segment(name)}.
     *
     * @param name           the segment's name
     * @param size           its size
     * @param clientRegistry the resource-tracker registry of the creating client's tree, or null
     * @return true if the client should unregister the segment from its own tracker (the server's tree
     *     has another, which now tracks it)
     */
    public synchronized boolean track(String name, long size, @Nullable String clientRegistry) {
        names.add(name);
        Optional<Path> own = ResourceTracker.registryDirectory();
        if (clientRegistry != null && own.isPresent() && own.get().toString().equals(clientRegistry)) {
            return false;
        }
        ResourceTracker.register(name, SharedMemory.TYPE, size);
        return true;
    }

    /**
     * Unlinks one segment now. Python's {@code release_segment(name)}.
     *
     * @param name the segment's name
     */
    public synchronized void release(String name) {
        if (names.remove(name)) {
            unlink(name);
        }
    }

    /**
     * The names of the segments held. Python's {@code list_segments()}.
     *
     * @return a copy, in creation order
     */
    public synchronized List<String> segments() {
        return new ArrayList<>(names);
    }

    @Override
    public synchronized void close() {
        names.forEach(SegmentTracker::unlink);
        names.clear();
    }

    private static void unlink(String name) {
        try {
            SharedSegment.unlink(name);
        } finally {
            ResourceTracker.unregister(name);
        }
    }

    @Override
    public synchronized String toString() {
        return "SharedMemoryTracker(" + names + ")";
    }
}
