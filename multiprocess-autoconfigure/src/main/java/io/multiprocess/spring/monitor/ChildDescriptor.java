package io.multiprocess.spring.monitor;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What monitoring shows of one child process of this application: a small descriptor, not a live object.
 *
 * @param pid         the child's pid
 * @param name        its process name ({@code Process-3}, {@code SpawnPoolWorker-2}...)
 * @param role        what it is for: {@code process}, {@code pool_worker}, {@code manager},
 *                    {@code forkserver} or {@code resource_tracker}
 * @param startMethod how it was started ({@code spawn}...), or null if not known
 * @param alive       whether it still runs
 * @param exitCode    how it ended (as {@code ChildProcess.exitCode()}), or null while it runs
 * @param startTime   when it was started, or null if not known
 * @param uptime      how long it has run (until now, or until it ended), or null if not known
 * @param uptimeText  the same, for people ({@code 1m 42s}), or null if not known
 */
public record ChildDescriptor(
        long pid,
        String name,
        String role,
        @Nullable String startMethod,
        boolean alive,
        @Nullable Integer exitCode,
        @Nullable Instant startTime,
        @Nullable Duration uptime,
        @Nullable String uptimeText) {

    /**
     * A descriptor whose {@link #uptimeText()} is written from {@code uptime}.
     *
     * @param pid         the child's pid
     * @param name        its process name
     * @param role        what it is for
     * @param startMethod how it was started, or null if not known
     * @param alive       whether it still runs
     * @param exitCode    how it ended, or null while it runs
     * @param startTime   when it was started, or null if not known
     * @param uptime      how long it has run, or null if not known
     */
    public ChildDescriptor(
            long pid,
            String name,
            String role,
            @Nullable String startMethod,
            boolean alive,
            @Nullable Integer exitCode,
            @Nullable Instant startTime,
            @Nullable Duration uptime) {
        this(pid, name, role, startMethod, alive, exitCode, startTime, uptime, ReadableDuration.of(uptime));
    }
}
