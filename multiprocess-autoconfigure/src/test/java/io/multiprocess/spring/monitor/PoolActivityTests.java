package io.multiprocess.spring.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.pool.PoolListener;
import io.multiprocess.pool.PoolListener.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a pool's activity keeps of its listener's events, on a clock the test moves. */
class PoolActivityTests {

    /** A clock the test sets. */
    static final class TestClock extends Clock {
        long millis = 1_700_000_000_000L;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private final TestClock clock = new TestClock();
    private final PoolActivity activity = new PoolActivity("p", Optional::empty, clock);

    private static PoolListener.TaskEnd task(long call, long pid, Outcome outcome, long runMillis) {
        return new PoolListener.TaskEnd(0, call, pid, 2, outcome, Duration.ofMillis(runMillis));
    }

    @Test
    void taskBarsAreRecordedOnlyWhileSomeoneWatches() {
        activity.taskEnded(task(0, 11, Outcome.COMPLETED, 5));
        assertThat(activity.tasks(Duration.ofMinutes(1))).isEmpty();

        activity.watch(Duration.ofSeconds(30));
        clock.millis += 1_000;
        activity.taskEnded(task(0, 11, Outcome.FAILED, 200));
        assertThat(activity.tasks(Duration.ofMinutes(1)))
                .containsExactly(new PoolActivity.TaskBar(11, clock.millis - 200, clock.millis, "failed", 0, 2));

        clock.millis += 31_000;
        activity.taskEnded(task(0, 11, Outcome.COMPLETED, 5));
        assertThat(activity.tasks(Duration.ofMinutes(1))).hasSize(1);
        assertThat(activity.tasks(Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void theTaskStreamIsBounded() {
        activity.watch(Duration.ofMinutes(1));
        for (int i = 0; i < PoolActivity.TASK_CAPACITY + 10; i++) {
            activity.taskEnded(task(0, 11, Outcome.COMPLETED, 1));
        }
        assertThat(activity.tasks(Duration.ofMinutes(1))).hasSize(PoolActivity.TASK_CAPACITY);
    }

    @Test
    void throughputCountsTasksPerSecondWithTheirMeanTime() {
        activity.watch(Duration.ofMinutes(1));
        clock.millis = clock.millis / 1000 * 1000;
        activity.taskEnded(task(0, 11, Outcome.COMPLETED, 10));
        activity.taskEnded(task(0, 11, Outcome.WORKER_LOST, 30));
        clock.millis += 2_000;
        List<PoolActivity.ThroughputPoint> points = activity.throughput(Duration.ofSeconds(3));
        assertThat(points).hasSize(3);
        assertThat(points.get(1)).isEqualTo(new PoolActivity.ThroughputPoint(clock.millis - 2_000, 2, 1, 20.0));
        assertThat(points.get(2).tasks()).isZero();
    }

    @Test
    void aMapsProgressReachesItsTotalWithRateAndEta() {
        activity.mapSubmitted(7, "map", 6);
        clock.millis += 1_000;
        activity.taskEnded(task(7, 11, Outcome.COMPLETED, 5));
        PoolActivity.MapProgress half = activity.maps().get(0);
        assertThat(half.done()).isEqualTo(2);
        assertThat(half.total()).isEqualTo(6);
        assertThat(half.ratePerSecond()).isEqualTo(2.0);
        assertThat(half.etaMillis()).isEqualTo(2_000L);
        assertThat(half.eta()).isEqualTo("2.0 s");
        assertThat(half.finished()).isFalse();

        activity.taskEnded(task(7, 12, Outcome.FAILED, 5));
        activity.taskEnded(task(7, 11, Outcome.COMPLETED, 5));
        PoolActivity.MapProgress done = activity.maps().get(0);
        assertThat(done.done()).isEqualTo(6);
        assertThat(done.failed()).isEqualTo(2);
        assertThat(done.finished()).isTrue();

        clock.millis += PoolActivity.FINISHED_MAP_SECONDS * 1000L + 1;
        assertThat(activity.maps()).isEmpty();
    }

    @Test
    void anImapHasNoTotalUntilItsInputEnds() {
        activity.mapSubmitted(9, "imap", -1);
        activity.taskEnded(new PoolListener.TaskEnd(0, 9, 11, 1, Outcome.COMPLETED, Duration.ZERO));
        assertThat(activity.maps().get(0).etaMillis()).isNull();
        activity.mapSubmitted(9, "imap", 2);
        assertThat(activity.maps().get(0).finished()).isFalse();
        activity.taskEnded(new PoolListener.TaskEnd(0, 9, 11, 1, Outcome.COMPLETED, Duration.ZERO));
        assertThat(activity.maps().get(0).finished()).isTrue();

        activity.mapSubmitted(10, "imap", -1);
        activity.taskEnded(new PoolListener.TaskEnd(0, 10, 11, 3, Outcome.COMPLETED, Duration.ZERO));
        clock.millis += 500;
        activity.mapSubmitted(10, "imap", 3);
        assertThat(activity.maps())
                .filteredOn(m -> m.callId() == 10)
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.finished()).isTrue();
                    assertThat(m.elapsedMillis()).isEqualTo(500);
                });
    }

    @Test
    void aWorkerRunsTheTaskThatStartedLastUntilItEnds() {
        activity.taskStarted(7, 0, 11);
        assertThat(activity.running()).as("not followed while nobody watches").isEmpty();
        activity.watch(Duration.ofMinutes(1));
        activity.taskStarted(1, 0, 11);
        clock.millis += 10;
        // The pool tells the next task's start before the previous task's end.
        activity.taskStarted(2, 5, 11);
        activity.taskEnded(new PoolListener.TaskEnd(1, 0, 11, 1, Outcome.COMPLETED, Duration.ofMillis(10)));
        assertThat(activity.running()).containsExactly(new PoolActivity.RunningTask(11, 2, 5, clock.millis));
        activity.taskEnded(new PoolListener.TaskEnd(2, 5, 11, 1, Outcome.COMPLETED, Duration.ofMillis(1)));
        assertThat(activity.running()).isEmpty();
        activity.taskStarted(3, 0, 12);
        activity.workerExited(12, java.util.OptionalInt.of(-9));
        assertThat(activity.running()).isEmpty();
    }

    @Test
    void deadWorkersAreThoseThatDiedWhileThePoolRan() {
        activity.workerStarted(11, false);
        activity.workerEnded(new PoolListener.WorkerExit(11, "SpawnPoolWorker-1", -9, true, List.of("boom")));
        activity.workerExited(11, java.util.OptionalInt.of(-9));
        activity.workerEnded(new PoolListener.WorkerExit(12, "SpawnPoolWorker-2", 0, true, List.of()));
        activity.workerEnded(new PoolListener.WorkerExit(13, "SpawnPoolWorker-3", -15, false, List.of()));
        assertThat(activity.liveWorkers()).isEmpty();
        assertThat(activity.deadWorkers(Duration.ofMinutes(1))).singleElement().satisfies(dead -> {
            assertThat(dead.pid()).isEqualTo(11);
            assertThat(dead.exitCode()).isEqualTo(-9);
            assertThat(dead.signal()).isEqualTo(9);
            assertThat(dead.stderrTail()).containsExactly("boom");
        });
        clock.millis += 61_000;
        assertThat(activity.deadWorkers(Duration.ofMinutes(1))).isEmpty();
    }
}
