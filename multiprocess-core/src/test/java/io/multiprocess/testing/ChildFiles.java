package io.multiprocess.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * How tasks running in children report back to a test before pipes and queues exist: through files
 * in the test's temporary directory, written atomically (write, then rename) so that a reader never
 * sees half a file.
 */
public final class ChildFiles {

    /** The longest a test waits for a child to write a file. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private ChildFiles() {}

    /** Writes a file atomically; called in a child. */
    public static void write(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes atomically; called in a child. */
    public static void write(Path file, byte[] bytes) {
        try {
            Path temp = Files.createTempFile(file.getParent(), ".partial", null);
            Files.write(temp, bytes);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a file written by a child. */
    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (bounded) until a child has written a file, then reads it. */
    public static String await(Path file) {
        Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> Files.exists(file));
        return read(file);
    }

    /**
     * Blocks a child until the test creates a file: the child's workload, so that the test decides when
     * the child may go on. Bounded, so a child never outlives a failed test by long.
     */
    public static void awaitInChild(Path file) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.exists(file)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The test never created " + file);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Creates an empty file: the signal {@link #awaitInChild(Path)} waits for. */
    public static void touch(Path file) {
        write(file, new byte[0]);
    }

    /** A child's workload that never ends by itself (until the test kills it, or a minute passes). */
    public static void sleepForever() {
        sleepFor(TIMEOUT);
    }

    /** A child's workload that takes a while. */
    public static void sleepFor(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
