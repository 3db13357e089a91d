package io.multiprocess.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a process behind: after each test, every descendant of the test JVM must
 * have ended (within a bounded wait for those that are on their way out). Leftovers are killed, so
 * one leaking test does not disturb the next. CPython's test suite only warns about "dangling
 * processes"; we fail.
 *
 * <p>Also fails when a pool's socket directory ({@code multiprocess-pool-<this pid>-*} in the
 * temporary directory) is left behind.
 *
 * <p>A class annotated {@link PerClass} shares processes between its tests (a pool reused across
 * tests, say): it is checked once, after all its tests.
 */
public final class NoLeftoversExtension implements AfterEachCallback, AfterAllCallback {

    /** How long processes that are already ending get before they count as leftovers. */
    static final Duration GRACE = Duration.ofSeconds(15);

    /** Check once after all tests of the class, rather than after each. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface PerClass {
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!isPerClass(context)) {
            check();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (isPerClass(context)) {
            check();
        }
    }

    private static boolean isPerClass(ExtensionContext context) {
        return context.getRequiredTestClass().isAnnotationPresent(PerClass.class);
    }

    private static void check() {
        checkProcesses();
        checkPoolDirectories();
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

    private static void checkPoolDirectories() {
        List<Path> left;
        try {
            Awaitility.await().atMost(GRACE).pollInterval(Duration.ofMillis(20)).until(() -> poolDirectories().isEmpty());
            return;
        } catch (org.awaitility.core.ConditionTimeoutException timeout) {
            left = poolDirectories();
        }
        fail("The test left pool socket directories behind: %s", left);
    }

    private static List<Path> poolDirectories() {
        String prefix = "multiprocess-pool-" + ProcessHandle.current().pid() + "-";
        List<Path> found = new ArrayList<>();
        for (Path base : List.of(Path.of(System.getProperty("java.io.tmpdir")), Path.of("/tmp"))) {
            try (Stream<Path> entries = Files.list(base)) {
                entries.filter(p -> p.getFileName().toString().startsWith(prefix)).forEach(found::add);
            } catch (IOException ignored) {
                // no such directory
            }
        }
        return found.stream().distinct().toList();
    }

    private static List<ProcessHandle> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    }
}
