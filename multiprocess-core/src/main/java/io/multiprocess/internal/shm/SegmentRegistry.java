package io.multiprocess.internal.shm;

/**
 * Where a {@link SharedBlock} records the segments it creates, so that they are unlinked after a crash
 * of their creator. The resource tracker implements it; this layer only knows the interface.
 *
 * <p>Internal API.
 */
public interface SegmentRegistry {

    /**
     * Records a segment before it is created.
     *
     * @param name the segment's name
     * @param type its kind, e.g. {@code "lock"}
     * @param size its size in bytes
     */
    void register(String name, String type, long size);

    /**
     * Forgets a segment that its creator unlinked (or failed to create).
     *
     * @param name the segment's name
     */
    void unregister(String name);
}
