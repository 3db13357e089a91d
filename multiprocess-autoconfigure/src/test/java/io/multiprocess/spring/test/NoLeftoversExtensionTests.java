package io.multiprocess.spring.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.multiprocess.connection.Listener;
import io.multiprocess.sharedmemory.SharedMemory;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link NoLeftoversExtension} run on small test classes through JUnit's engine test kit: a test that
 * leaves a real child process, a shared-memory segment and a listener's socket file fails with each of
 * them listed, and they are gone afterwards; a test that cleans up passes.
 */
class NoLeftoversExtensionTests {

    @AfterEach
    void releaseWhatTheLeakingTestHeld() {
        Leaking.release();
    }

    @Test
    void aTestThatLeavesAChildASegmentAndASocketFileFailsNamingEach() throws Exception {
        Events tests = run(Leaking.class);

        tests.assertStatistics(stats -> stats.started(1).failed(1).succeeded(0));
        Throwable failure = onlyFailure(tests);
        ProcessHandle child = Leaking.child.toHandle();
        assertThat(failure)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 child process(es) still running")
                .hasMessageContaining("pid " + child.pid() + ": ")
                .hasMessageContaining("sleep")
                .hasMessageContaining("1 shared-memory segment(s)")
                .hasMessageContaining(Leaking.segment.name())
                .hasMessageContaining("1 socket file(s)")
                .hasMessageContaining(Leaking.socketFile().toString());

        assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(Path.of("/dev/shm", Leaking.segment.name())).doesNotExist();
        assertThat(Leaking.socketFile()).doesNotExist();
    }

    @Test
    void aTestThatCleansUpPasses() {
        Events tests = run(CleaningUp.class);

        tests.assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
        assertThat(CleaningUp.childPid).isPositive();
    }

    private static Events run(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(testClass))
                .execute()
                .testEvents();
    }

    private static Throwable onlyFailure(Events tests) {
        List<Event> failed = tests.failed().list();
        assertThat(failed).hasSize(1);
        return failed.get(0)
                .getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                .orElseThrow();
    }

    /** Leaves a child process, a shared-memory segment and a listener's socket file. */
    @NoLeftovers(graceSeconds = 1)
    static class Leaking {

        static @Nullable Process child;
        static @Nullable SharedMemory segment;
        static @Nullable Listener listener;

        @Test
        void leaves() throws IOException {
            child = new ProcessBuilder("sleep", "300").start();
            segment = SharedMemory.create(4096);
            listener = Listener.open();
        }

        static Path socketFile() {
            return ((UnixDomainSocketAddress) listener.address()).getPath().toAbsolutePath();
        }

        /** Unmaps and closes what the test left, whose files the extension already removed. */
        static void release() {
            if (child != null) {
                child.destroyForcibly();
                child = null;
            }
            if (segment != null) {
                segment.close();
                segment = null;
            }
            if (listener != null) {
                listener.close();
                listener = null;
            }
        }
    }

    /** Starts a child process and waits for it: nothing is left. */
    @NoLeftovers(graceSeconds = 1)
    static class CleaningUp {

        static long childPid;

        @Test
        void waitsForItsChild() throws Exception {
            Process child = new ProcessBuilder("true").start();
            childPid = child.pid();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            try (SharedMemory segment = SharedMemory.create(4096)) {
                segment.unlink();
            }
            try (Listener listener = Listener.open()) {
                assertThat(Files.exists(((UnixDomainSocketAddress) listener.address()).getPath()))
                        .isTrue();
            }
        }
    }
}
