package io.multiprocess.testing;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a process behind: after each test, every descendant of the test JVM must
 * have ended (within a bounded wait for those that are on their way out). Leftovers are killed, so
 * one leaking test does not disturb the next. CPython's test suite only warns about "dangling
 * processes"; we fail.
 *
 * <p>Also fails a test that leaves socket files in this JVM's private socket directory (listeners not
 * closed); only the resource sharer's own socket, which lives as long as the JVM, may stay. Such
 * leftovers are removed.
 */
public final class NoLeftoversExtension implements AfterEachCallback {

    /** How long processes that are already ending get before they count as leftovers. */
    static final Duration GRACE = Duration.ofSeconds(15);

    @Override
    public void afterEach(ExtensionContext context) {
        checkProcesses();
        checkSocketFiles();
    }

    private static void checkSocketFiles() {
        java.nio.file.Path dir = io.multiprocess.internal.posix.PrivateDirectory.existing();
        if (dir == null) {
            return;
        }
        List<java.nio.file.Path> left;
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            left = files.filter(f -> !f.getFileName().toString().equals("sharer.sock")).toList();
        } catch (java.io.IOException e) {
            return;
        }
        if (!left.isEmpty()) {
            for (java.nio.file.Path file : left) {
                try {
                    java.nio.file.Files.deleteIfExists(file);
                } catch (java.io.IOException ignored) {
                    // Reported below.
                }
            }
            fail("The test left %d socket file(s) in %s (now removed): %s", left.size(), dir, left);
        }
    }

    private static void checkProcesses() {
        List<ProcessHandle> alive = descendants();
        if (alive.isEmpty()) {
            return;
        }
        try {
            Awaitility.await().atMost(GRACE).pollInterval(Duration.ofMillis(20)).until(() -> descendants().isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException timeout) {
            List<ProcessHandle> left = descendants();
            String description = left.stream()
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .collect(Collectors.joining("\n  "));
            left.forEach(ProcessHandle::destroyForcibly);
            fail("The test left %d process(es) running (now killed):%n  %s", left.size(), description);
        }
    }

    private static List<ProcessHandle> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    }
}
