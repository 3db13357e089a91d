package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.multiprocess.Multiprocess;
import io.multiprocess.StartMethod;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.process.ProcessRole;
import io.multiprocess.testing.NoLeftoversExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What monitoring sees of a process pool: its listener's events, its stats, and its workers' role. */
@ExtendWith(NoLeftoversExtension.class)
class PoolMonitoringIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Counts what a pool reports. */
    static final class Recorder implements PoolListener {
        final AtomicInteger submitted = new AtomicInteger();
        final Map<Outcome, AtomicInteger> finished = new ConcurrentHashMap<>();
        final List<Duration> runTimes = new CopyOnWriteArrayList<>();
        final List<Long> started = new CopyOnWriteArrayList<>();
        final List<Long> replacements = new CopyOnWriteArrayList<>();
        final List<Long> exited = new CopyOnWriteArrayList<>();

        @Override
        public void tasksSubmitted(int count) {
            submitted.addAndGet(count);
        }

        @Override
        public void taskFinished(Outcome outcome, Duration runTime) {
            finished.computeIfAbsent(outcome, o -> new AtomicInteger()).incrementAndGet();
            runTimes.add(runTime);
        }

        @Override
        public void workerStarted(long pid, boolean replacement) {
            (replacement ? replacements : started).add(pid);
        }

        @Override
        public void workerExited(long pid, OptionalInt exitCode) {
            exited.add(pid);
        }

        int finished(Outcome outcome) {
            AtomicInteger count = finished.get(outcome);
            return count == null ? 0 : count.get();
        }
    }

    @Test
    void theListenerHearsOfTasksAndWorkersAndTheStatsFollow() {
        Recorder recorder = new Recorder();
        Instant before = Instant.now();
        try (Pool pool = Multiprocess.getContext("spawn")
                .poolBuilder()
                .processes(2)
                .listener(recorder)
                .build()) {
            assertThat(pool.map(x -> x * 2, IntStream.range(0, 8).boxed().toList(), 2))
                    .hasSize(8);
            assertThat(recorder.submitted).hasValue(4);
            assertThat(recorder.finished(PoolListener.Outcome.COMPLETED)).isEqualTo(4);
            assertThat(recorder.runTimes).allSatisfy(d -> assertThat(d).isPositive());
            assertThat(recorder.started).hasSize(2);

            Throwable thrown = catchThrowable(() -> pool.apply(() -> {
                throw new IllegalStateException("boom");
            }));
            assertThat(thrown).isInstanceOf(TaskFailedException.class);
            assertThat(recorder.finished(PoolListener.Outcome.FAILED)).isEqualTo(1);

            List<ChildProcess> workers = Multiprocess.activeChildren().stream()
                    .filter(child -> child.role() == ProcessRole.POOL_WORKER)
                    .toList();
            assertThat(workers).hasSize(2);
            assertThat(workers)
                    .allSatisfy(worker -> assertThat(worker.startTime())
                            .hasValueSatisfying(time -> assertThat(time).isAfterOrEqualTo(before.minusSeconds(1))));
            assertThat(workers)
                    .allSatisfy(worker -> assertThat(worker.startMethod()).contains(StartMethod.SPAWN));
            assertThat(pool.apply(
                            () -> Multiprocess.currentProcess() instanceof ChildProcess child ? child.role() : null))
                    .isEqualTo(ProcessRole.POOL_WORKER);

            Throwable lost = catchThrowable(() -> pool.apply(() -> {
                Runtime.getRuntime().halt(9);
                return 0;
            }));
            assertThat(lost).isInstanceOf(WorkerLostException.class);
            assertThat(recorder.finished(PoolListener.Outcome.WORKER_LOST)).isEqualTo(1);
            Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> recorder.replacements.size() == 1 && recorder.exited.size() == 1);

            Awaitility.await().atMost(WAIT).until(() -> pool.stats().readyWorkers() == 2);
            PoolStats stats = pool.stats();
            assertThat(stats.state()).isEqualTo(PoolStats.State.RUNNING);
            assertThat(stats.processes()).isEqualTo(2);
            assertThat(stats.liveWorkers()).isEqualTo(2);
            assertThat(stats.queuedTasks()).isZero();
            assertThat(stats.runningTasks()).isZero();

            pool.shutdown();
            assertThat(pool.join(WAIT)).isTrue();
            assertThat(pool.stats().state()).isEqualTo(PoolStats.State.TERMINATED);
            assertThat(pool.stats().liveWorkers()).isZero();
        }
        assertThat(recorder.exited).hasSize(3);
    }

    /** Keeps the events a dashboard draws. */
    static final class Timeline implements PoolListener {
        final List<TaskEnd> tasks = new CopyOnWriteArrayList<>();
        final Map<Long, Long> calls = new ConcurrentHashMap<>();
        final List<WorkerExit> exits = new CopyOnWriteArrayList<>();
        final Map<Long, Long> started = new ConcurrentHashMap<>();

        @Override
        public void taskStarted(long taskId, long callId, long workerPid) {
            started.put(taskId, workerPid);
        }

        @Override
        public void taskEnded(TaskEnd task) {
            tasks.add(task);
        }

        @Override
        public void mapSubmitted(long callId, String name, long items) {
            calls.put(callId, items);
        }

        @Override
        public void workerEnded(WorkerExit exit) {
            exits.add(exit);
        }
    }

    @Test
    void theListenerHearsWhereTasksRanForWhichCallAndHowAWorkerDied() throws Exception {
        Timeline timeline = new Timeline();
        try (Pool pool = Multiprocess.getContext("spawn")
                .poolBuilder()
                .processes(1)
                .listener(timeline)
                .build()) {
            long workerPid = pool.apply(() -> ProcessHandle.current().pid());
            assertThat(pool.map(x -> x + 1, List.of(1, 2, 3, 4, 5, 6), 2)).hasSize(6);
            assertThat(timeline.calls).hasSize(1);
            long callId = timeline.calls.keySet().iterator().next();
            assertThat(timeline.calls).containsEntry(callId, 6L);
            assertThat(timeline.tasks.stream().filter(t -> t.callId() == callId))
                    .hasSize(3)
                    .allSatisfy(t -> {
                        assertThat(t.workerPid()).isEqualTo(workerPid);
                        assertThat(t.items()).isEqualTo(2);
                        assertThat(t.outcome()).isEqualTo(PoolListener.Outcome.COMPLETED);
                        assertThat(timeline.started).containsEntry(t.taskId(), workerPid);
                    });
            try (ResultIterator<Integer> results = pool.imap(x -> x * 3, List.of(1, 2, 3))) {
                results.forEachRemaining(x -> {});
            }
            Awaitility.await().atMost(WAIT).until(() -> timeline.calls.containsValue(3L));

            Throwable lost = catchThrowable(() -> pool.apply(() -> {
                System.err.println("worker: about to fail");
                System.err.println("worker: exit 7");
                Runtime.getRuntime().halt(7);
                return 0;
            }));
            assertThat(lost).isInstanceOf(WorkerLostException.class);
            assertThat(timeline.tasks.get(timeline.tasks.size() - 1)).satisfies(t -> {
                assertThat(t.outcome()).isEqualTo(PoolListener.Outcome.WORKER_LOST);
                assertThat(t.workerPid()).isEqualTo(workerPid);
                assertThat(t.callId()).isZero();
                assertThat(timeline.started).as("it started before it was lost").containsEntry(t.taskId(), workerPid);
            });
            assertThat(timeline.tasks)
                    .allSatisfy(t -> assertThat(timeline.started).containsEntry(t.taskId(), workerPid));
            Awaitility.await().atMost(WAIT).until(() -> !timeline.exits.isEmpty());
            PoolListener.WorkerExit exit = timeline.exits.get(0);
            assertThat(exit.pid()).isEqualTo(workerPid);
            assertThat(exit.exitCode()).isEqualTo(7);
            assertThat(exit.signal()).isEmpty();
            assertThat(exit.poolRunning()).isTrue();
            assertThat(exit.name()).contains("PoolWorker");
            assertThat(exit.stderrTail()).endsWith("worker: about to fail", "worker: exit 7");
        }
        // The replacement's exit is reported by the thread that reaps it, which may run after close() returned.
        Awaitility.await().atMost(WAIT).until(() -> timeline.exits.size() == 2);
        assertThat(timeline.exits.get(1).poolRunning()).isFalse();
        try (java.util.stream.Stream<java.nio.file.Path> left =
                java.nio.file.Files.list(io.multiprocess.util.ProcessTempDir.get())) {
            assertThat(left.filter(path -> path.toString().endsWith(".err"))).isEmpty();
        }
    }

    @Test
    void aThreadPoolReportsItsTasksAndStats() {
        Recorder recorder = new Recorder();
        try (ThreadPool pool = Pool.builder().processes(2).listener(recorder).buildThreadPool()) {
            assertThat(pool.map(x -> x + 1, List.of(1, 2, 3), 1)).containsExactly(2, 3, 4);
            assertThat(recorder.submitted).hasValue(3);
            assertThat(recorder.finished(PoolListener.Outcome.COMPLETED)).isEqualTo(3);
            assertThat(pool.stats()).isEqualTo(new PoolStats(PoolStats.State.RUNNING, 2, 2, 2, 0, 0));
            pool.terminate();
            assertThat(pool.stats().state()).isEqualTo(PoolStats.State.TERMINATED);
        }
    }

    @Test
    void listenersAddedTwiceAreBothTold() {
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        try (ThreadPool pool =
                Pool.builder().processes(1).listener(first).listener(second).buildThreadPool()) {
            pool.apply(() -> 1);
        }
        assertThat(first.submitted).hasValue(1);
        assertThat(second.finished(PoolListener.Outcome.COMPLETED)).isEqualTo(1);
    }

    @Test
    void aListenerThatThrowsDoesNotDisturbThePool() {
        PoolListener broken = new PoolListener() {
            @Override
            public void tasksSubmitted(int count) {
                throw new IllegalStateException("listener bug");
            }
        };
        try (ThreadPool pool = Pool.builder().processes(1).listener(broken).buildThreadPool()) {
            assertThat(pool.apply(() -> 7)).isEqualTo(7);
        }
    }
}
