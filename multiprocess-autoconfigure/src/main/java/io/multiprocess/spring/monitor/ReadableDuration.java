package io.multiprocess.spring.monitor;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Durations written for people: {@code 1m 42s} rather than {@code PT1M42.014555213S}. Monitoring payloads
 * give this next to the exact value.
 */
public final class ReadableDuration {

    private ReadableDuration() {}

    /**
     * A duration in its two largest units: {@code 850 ms}, {@code 4.2 s}, {@code 1m 42s}, {@code 3h 5m},
     * {@code 2d 4h}. Negative durations read as zero.
     *
     * @param duration the duration, or null
     * @return the text, or null for null
     */
    public static @Nullable String of(@Nullable Duration duration) {
        return duration == null ? null : ofMillis(duration.toMillis());
    }

    /**
     * A number of milliseconds as {@link #of(Duration)} writes it.
     *
     * @param millis the milliseconds
     * @return the text
     */
    public static String ofMillis(long millis) {
        long ms = Math.max(0, millis);
        if (ms < 1_000) {
            return ms + " ms";
        }
        if (ms < 10_000) {
            return (ms / 1_000) + "." + (ms % 1_000) / 100 + " s";
        }
        long seconds = ms / 1_000;
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m " + seconds % 60 + "s";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return hours + "h " + minutes % 60 + "m";
        }
        return hours / 24 + "d " + hours % 24 + "h";
    }
}
