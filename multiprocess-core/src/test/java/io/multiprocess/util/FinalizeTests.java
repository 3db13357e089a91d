package io.multiprocess.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@link Finalize} in one JVM; {@code UtilIT} checks what happens at exit in child JVMs. */
class FinalizeTests {

    @Test
    void anExplicitRunRunsTheCallbackOnce() {
        AtomicInteger runs = new AtomicInteger();
        Finalize finalizer = Finalize.atExit(runs::incrementAndGet, 3);
        assertThat(finalizer.isStillActive()).isTrue();
        assertThat(finalizer.exitPriority()).hasValue(3);
        assertThat(finalizer.run()).isTrue();
        assertThat(finalizer.run()).isFalse();
        assertThat(finalizer.cancel()).isFalse();
        assertThat(runs).hasValue(1);
        assertThat(finalizer.isStillActive()).isFalse();
        assertThat(finalizer.toString()).contains("exitPriority=3", "done");
    }

    @Test
    void aCancelledCallbackNeverRuns() {
        AtomicInteger runs = new AtomicInteger();
        Finalize finalizer = Finalize.register(new Object(), runs::incrementAndGet, 0);
        assertThat(finalizer.cancel()).isTrue();
        assertThat(finalizer.cancel()).isFalse();
        assertThat(finalizer.run()).isFalse();
        assertThat(runs).hasValue(0);
    }

    @Test
    void anExceptionOfAnExplicitRunReachesTheCallerAndTheCallbackIsSpent() {
        Finalize finalizer = Finalize.atExit(
                () -> {
                    throw new IllegalStateException("cleanup failed");
                },
                0);
        assertThatThrownBy(finalizer::run)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cleanup failed");
        assertThat(finalizer.isStillActive()).isFalse();
    }

    @Test
    void theCallbackRunsOnceTheObjectIsGarbageCollected() {
        AtomicInteger runs = new AtomicInteger();
        Finalize finalizer = registerOnGarbage(runs);
        assertThat(finalizer.exitPriority()).isEmpty();
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    System.gc();
                    return runs.get() == 1;
                });
        assertThat(finalizer.isStillActive()).isFalse();
        assertThat(finalizer.run()).isFalse();
        assertThat(runs).hasValue(1);
    }

    /** In its own frame, so that the watched object is unreachable once it returns. */
    private static Finalize registerOnGarbage(AtomicInteger runs) {
        Object watched = new byte[1024];
        return Finalize.register(watched, runs::incrementAndGet);
    }

    @Test
    void theProcessIsNotExitingWhileTestsRun() {
        assertThat(Finalize.isExiting()).isFalse();
    }
}
