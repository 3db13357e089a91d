package io.multiprocess.spring.monitor;

import java.time.Duration;
import java.time.Instant;

/**
 * What monitoring shows of one named resource of this application's process tree: a small descriptor,
 * not a live object.
 *
 * @param name       the shared-memory name ({@code /dev/shm/<name>}), or the socket file's path
 * @param type       {@code shared_memory}, {@code lock}, {@code semaphore}, {@code value}... (the resource
 *                   tracker's types), or {@code socket_file}
 * @param size       its size in bytes (0 for socket files)
 * @param creatorPid the pid of the process that created it
 * @param created    when it was created (registered with the tracker, or the socket file made)
 * @param age        how long ago that was
 * @param ageText    the same, for people ({@code 1m 42s})
 */
public record ResourceDescriptor(
        String name, String type, long size, long creatorPid, Instant created, Duration age, String ageText) {

    /**
     * A descriptor whose {@link #ageText()} is written from {@code age}.
     *
     * @param name       the shared-memory name, or the socket file's path
     * @param type       the resource's type
     * @param size       its size in bytes
     * @param creatorPid the pid of the process that created it
     * @param created    when it was created
     * @param age        how long ago that was
     */
    public ResourceDescriptor(String name, String type, long size, long creatorPid, Instant created, Duration age) {
        this(name, type, size, creatorPid, created, age, ReadableDuration.ofMillis(age.toMillis()));
    }
}
