package io.multiprocess.testing;

import static org.assertj.core.api.Assertions.fail;

import io.multiprocess.process.ForkServerClient;
import io.multiprocess.tracker.ResourceTracker;
import io.multiprocess.util.ProcessTempDir;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a process or a shared-memory segment behind.
 *
 * <p><b>Processes:</b> after each test, every descendant of the test JVM must have ended (within a
 * bounded wait for those that are on their way out); leftovers are killed, so one leaking test does not
 * disturb the next. The test JVM's own resource tracker, which lives as long as the JVM, is not a
 * leftover; nor are the forkserver and its idle spares, which hold no process of the test and live as
 * long as the test JVM (or until {@code ForkServer.stop()}); a spare that was handed a process is a
 * leftover until it ends, like any child. CPython's test suite only warns about "dangling processes";
 * we fail.
 *
 * <p><b>Shared memory:</b> entries of {@code /dev/shm} that appeared during the test and whose name
 * carries the pid of the test JVM or of one of its descendants (the library's names do:
 * {@code <prefix>-<pid>-<16 hex digits>}) must be gone after the test, within a bounded wait for
 * exit hooks and trackers. Descendants are sampled every few milliseconds during the test, so entries
 * of children that already ended are attributed too, and entries of other test runs on the machine
 * (other pids) are never flagged. Leftovers are unlinked.
 *
 * <p><b>Temporary directories:</b> a process's private temporary directory ({@code mpj-<pid>-*} in
 * {@code java.io.tmpdir}, see {@code ProcessTempDir}) created during the test and left behind by a
 * descendant of the test JVM (sampled as for shared memory) that no longer runs fails the test; such
 * leftovers are removed. Directories of other test runs on the machine are never flagged.
 *
 * <p><b>Pool sockets:</b> a pool's socket file ({@code pool-*.sock} in this JVM's own temporary
 * directory) left behind fails the test.
 * <p><b>Socket files:</b> a pool's socket file ({@code pool-*.sock} in this JVM's own temporary
 * directory) left behind fails the test, and so do listeners' socket files there (listeners not
 * closed; the resource sharer's own socket lives as long as the JVM). Such leftovers are removed.
 *
 * <p>A class annotated {@link PerClass} shares processes between its tests (a pool reused across
 * tests, say): it is checked once, after all its tests.
 */
public final class NoLeftoversExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    /** How long processes that are already ending get before they count as leftovers. */
    static final Duration GRACE = Duration.ofSeconds(15);

    /** How long shared-memory entries get to be unlinked by exit hooks and trackers. */
    static final Duration SHM_GRACE = Duration.ofSeconds(15);

    private static final Path SHM = Path.of("/dev/shm");
    private static final Pattern LIBRARY_NAME = Pattern.compile(".*-(\\d+)-[0-9a-f]{16}");
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(NoLeftoversExtension.class);
    private static final Pattern TEMP_DIR = Pattern.compile("mpj-(\\d+)-[a-z0-9]{8}");

    private Instant started = Instant.now();

    /**
     * Check once after all tests of the class, rather than after each. Inherited, so that a contract
     * class whose tests share processes says so for each of its per-start-method subclasses.
     */
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface PerClass {}

    @Override
    public void beforeAll(ExtensionContext context) {
        if (isPerClass(context)) {
            begin(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!isPerClass(context)) {
            begin(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!isPerClass(context)) {
            check(context);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (isPerClass(context)) {
            check(context);
        }
    }

    private static boolean isPerClass(ExtensionContext context) {
        return context.getRequiredTestClass().isAnnotationPresent(PerClass.class);
    }

    private Set<Path> listenersBefore = Set.of();

    private void begin(ExtensionContext context) {
        started = Instant.now().minusSeconds(1);
        // Listeners open before the test are not its own (a manager of a cached Spring test context, say).
        listenersBefore = listenerSockets();
        Sampler sampler = new Sampler(shmEntries());
        context.getStore(NAMESPACE).put(Sampler.class, sampler);
        sampler.start();
    }

    private void check(ExtensionContext context) {
        Sampler sampler = context.getStore(NAMESPACE).remove(Sampler.class, Sampler.class);
        try {
            checkProcesses();
        } finally {
            if (sampler != null) {
                sampler.stop();
                checkSharedMemory(sampler);
            }
            checkTempDirs(sampler);
            checkPoolSockets();
            checkListenerSockets();
        }
    }

    private static void checkPoolSockets() {
        List<Path> left;
        try {
            Awaitility.await()
                    .atMost(GRACE)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> poolSockets().isEmpty());
            return;
        } catch (ConditionTimeoutException timeout) {
            left = poolSockets();
        }
        fail("The test left pool socket files behind: %s", left);
    }

    /** Socket files of pools of this JVM, in its own temporary directory. */
    private static List<Path> poolSockets() {
        List<Path> found = new ArrayList<>();
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs =
                Files.newDirectoryStream(base, "mpj-" + ProcessHandle.current().pid() + "-*")) {
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

    private static void checkProcesses() {
        List<ProcessHandle> alive = descendants();
        if (alive.isEmpty()) {
            return;
        }
        try {
            Awaitility.await()
                    .atMost(GRACE)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> descendants().isEmpty());
        } catch (ConditionTimeoutException timeout) {
            List<ProcessHandle> left = descendants();
            String description = left.stream()
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                    .collect(Collectors.joining("\n  "));
            left.forEach(ProcessHandle::destroyForcibly);
            fail("The test left %d process(es) running (now killed):%n  %s", left.size(), description);
        }
    }

    private static void checkSharedMemory(Sampler sampler) {
        if (leakedSegments(sampler).isEmpty()) {
            return;
        }
        try {
            Awaitility.await()
                    .atMost(SHM_GRACE)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> leakedSegments(sampler).isEmpty());
        } catch (ConditionTimeoutException timeout) {
            Set<String> left = leakedSegments(sampler);
            for (String name : left) {
                try {
                    Files.deleteIfExists(SHM.resolve(name));
                } catch (IOException ignored) {
                    // Reported below anyway.
                }
            }
            fail("The test left %d shared-memory segment(s) in /dev/shm (now unlinked): %s", left.size(), left);
        }
    }

    private static Set<String> leakedSegments(Sampler sampler) {
        Set<String> leaked = new HashSet<>();
        for (String name : shmEntries()) {
            if (sampler.before.contains(name)) {
                continue;
            }
            Matcher m = LIBRARY_NAME.matcher(name);
            if (m.matches() && sampler.pids.contains(Long.parseLong(m.group(1)))) {
                leaked.add(name);
            }
        }
        return leaked;
    }

    private static Set<String> shmEntries() {
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(SHM)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            return names;
        }
        return names;
    }

    private void checkTempDirs(Sampler sampler) {
        List<Path> left = new ArrayList<>();
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, "mpj-*")) {
            for (Path dir : dirs) {
                Matcher name = TEMP_DIR.matcher(dir.getFileName().toString());
                // Only this JVM's descendants: other builds on the machine kill processes of their own.
                if (name.matches()
                        && (sampler == null || sampler.pids.contains(Long.parseLong(name.group(1))))
                        && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()
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

    /**
     * The processes this JVM started, directly or not, that are still alive, except the library's own
     * long-lived helpers: its resource tracker, the forkserver and the forkserver's idle spares.
     *
     * @return the live descendants that a test could have left
     */
    public static List<ProcessHandle> liveDescendants() {
        return descendants();
    }

    /** The listener socket files in this JVM's temporary directory. */
    private static Set<Path> listenerSockets() {
        Path dir = ProcessTempDir.existing().orElse(null);
        if (dir == null) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("listener-"))
                    .collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            return Set.of();
        }
    }

    private void checkListenerSockets() {
        Path dir = ProcessTempDir.existing().orElse(null);
        if (dir == null) {
            return;
        }
        List<Path> left = listenerSockets().stream()
                .filter(file -> !listenersBefore.contains(file))
                .toList();
        if (!left.isEmpty()) {
            for (Path file : left) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // Reported below.
                }
            }
            fail("The test left %d socket file(s) in %s (now removed): %s", left.size(), dir, left);
        }
    }

    private static List<ProcessHandle> descendants() {
        Set<Long> library = new HashSet<>(ForkServerClient.idleSpares());
        ForkServerClient.serverPid().ifPresent(library::add);
        ResourceTracker.ownTrackerPid().ifPresent(library::add);
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(process -> !library.contains(process.pid()))
                .toList();
    }

    /** Records the pids of the test JVM's descendants while a test runs. */
    private static final class Sampler implements Runnable {

        final Set<String> before;
        final Set<Long> pids = ConcurrentHashMap.newKeySet();
        private volatile boolean running = true;
        private Thread thread;

        Sampler(Set<String> before) {
            this.before = before;
            pids.add(ProcessHandle.current().pid());
        }

        void start() {
            thread = new Thread(this, "no-leftovers-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sample();
        }

        @Override
        public void run() {
            while (running) {
                sample();
                try {
                    Thread.sleep(15);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private void sample() {
            ProcessHandle.current().descendants().forEach(p -> pids.add(p.pid()));
        }
    }
}
