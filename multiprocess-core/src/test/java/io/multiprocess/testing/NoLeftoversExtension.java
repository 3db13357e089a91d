package io.multiprocess.testing;

import static org.assertj.core.api.Assertions.fail;

import io.multiprocess.process.launch.ForkServerClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * <p>The forkserver and its idle spares are not leftovers: they belong to the library, hold no process
 * of the test, and live as long as the test JVM (or until {@code ForkServer.stop()}). A spare that was
 * handed a process is a leftover until it ends, like any child.
 */
public final class NoLeftoversExtension implements AfterEachCallback {

    /** How long processes that are already ending get before they count as leftovers. */
    static final Duration GRACE = Duration.ofSeconds(15);

    @Override
    public void afterEach(ExtensionContext context) {
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

    /**
     * The processes this JVM started, directly or not, that are still alive, except the forkserver and its
     * idle spares.
     *
     * @return the live descendants that a test could have left
     */
    public static List<ProcessHandle> liveDescendants() {
        return descendants();
    }

    private static List<ProcessHandle> descendants() {
        Set<Long> library = forkServerAndIdleSpares();
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
            .filter(process -> !library.contains(process.pid())).toList();
    }

    private static Set<Long> forkServerAndIdleSpares() {
        Set<Long> pids = new HashSet<>(ForkServerClient.idleSpares());
        ForkServerClient.serverPid().ifPresent(pids::add);
        return pids;
    }
}
