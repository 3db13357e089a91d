package io.multiprocess.tracker;

import java.time.Instant;
import java.util.Objects;

/**
 * A named resource registered with the resource tracker of a process tree: what the listing API
 * returns (and an actuator endpoint can show). A small descriptor, not a live object.
 *
 * @param name       the resource's name: a POSIX shared-memory name, without the leading slash
 *                   ({@code /dev/shm/<name>})
 * @param type       what it is: {@code "shared_memory"} for {@code SharedMemory} blocks, {@code "lock"},
 *                   {@code "rlock"}, {@code "semaphore"}, {@code "bounded_semaphore"}, {@code "condition"},
 *                   {@code "event"}, {@code "barrier"}, {@code "value"}, {@code "array"} for the library's
 *                   shared objects, or a type a caller registered itself
 * @param size       its size in bytes
 * @param creatorPid the pid of the process that created it
 * @param created    when it was registered
 */
public record TrackedResource(String name, String type, long size, long creatorPid, Instant created) {

    /**
     * Validates the fields.
     *
     * @param name       the resource's name
     * @param type       its type
     * @param size       its size in bytes
     * @param creatorPid the creator's pid
     * @param created    when it was registered
     * @throws NullPointerException for a null name, type or time
     */
    public TrackedResource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(created, "created");
    }
}
