package io.multiprocess.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a process behind: after each test, every descendant of the test JVM must
 * have ended (within a bounded wait for those that are on their way out). Leftovers are killed, so
 * one leaking test does not disturb the next. CPython's test suite only warns about "dangling
 * processes"; we fail.
 *
 * <p>Also fails a test after which a process's private temporary directory ({@code mpj-<pid>-*} in
 * {@code java.io.tmpdir}, see {@code ProcessTempDir}) created during the test is left behind by a process
 * that no longer runs; such leftovers are removed.
 *
 * <p>Also fails when a pool's socket file ({@code pool-*.sock} in this JVM's own temporary directory)
 * is left behind.
 *
 * <p>A class annotated {@link PerClass} shares processes between its tests (a pool reused across
 * tests, say): it is checked once, after all its tests.
 */
public final class NoLeftoversExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
    AfterAllCallback {

    /** How long processes that are already ending get before they count as leftovers. */
    static final Duration GRACE = Duration.ofSeconds(15);

    private static final Pattern TEMP_DIR = Pattern.compile("mpj-(\\d+)-[a-z0-9]{8}");

    private Instant started = Instant.now();

    /** Check once after all tests of the class, rather than after each. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface PerClass {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (isPerClass(context)) {
            started = Instant.now().minusSeconds(1);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!isPerClass(context)) {
            started = Instant.now().minusSeconds(1);
        }
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

    private void check() {
        checkProcesses();
        checkTempDirs();
        checkPoolSockets();
    }

    private static void checkPoolSockets() {
        List<Path> left;
        try {
            Awaitility.await().atMost(GRACE).pollInterval(Duration.ofMillis(20)).until(() -> poolSockets().isEmpty());
            return;
        } catch (org.awaitility.core.ConditionTimeoutException timeout) {
            left = poolSockets();
        }
        fail("The test left pool socket files behind: %s", left);
    }

    /** Socket files of pools of this JVM, in its own temporary directory. */
    private static List<Path> poolSockets() {
        List<Path> found = new ArrayList<>();
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, "mpj-" + ProcessHandle.current().pid() + "-*")) {
            for (Path dir : dirs) {
                try (DirectoryStream<Path> sockets = Files.newDirectoryStream(dir, "pool-*.sock")) {
                    sockets.forEach(found::add);
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    private void checkProcesses() {
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

    private void checkTempDirs() {
        List<Path> left = new ArrayList<>();
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, "mpj-*")) {
            for (Path dir : dirs) {
                Matcher name = TEMP_DIR.matcher(dir.getFileName().toString());
                if (name.matches() && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()
                    && !Files.getLastModifiedTime(dir).toInstant().isBefore(started)) {
                    left.add(dir);
                }
            }
        } catch (IOException e) {
            return;
        }
        if (!left.isEmpty()) {
            left.forEach(NoLeftoversExtension::removeQuietly);
            fail("The test left the temporary directories of ended processes (now removed): %s", left);
        }
    }

    private static void removeQuietly(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path visited, IOException error) throws IOException {
                    Files.deleteIfExists(visited);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // reported anyway
        }
    }

    private static List<ProcessHandle> descendants() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
    }
}
