package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.multiprocess.Multiprocess;
import io.multiprocess.testing.NoLeftoversExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A pool's {@link TaskContextPropagator}: headers reach the worker process, runs come back. */
@ExtendWith(NoLeftoversExtension.class)
class TaskContextIT {

    /** Gives every task a header "ctx" = "c-N" and keeps what it hears back, by that header. */
    static final class Recorder implements TaskContextPropagator {
        final AtomicInteger opened = new AtomicInteger();
        final Map<String, TaskContextPropagator.TaskInfo> infos = new ConcurrentHashMap<>();
        final Map<String, TaskRun> runs = new ConcurrentHashMap<>();

        @Override
        public TaskContext open(TaskInfo task) {
            String value = "c-" + opened.incrementAndGet();
            infos.put(value, task);
            return new TaskContext() {
                @Override
                public Map<String, String> headers() {
                    return Map.of("ctx", value);
                }

                @Override
                public void finished(TaskRun run) {
                    assertThat(runs.put(value, run)).as("finished once").isNull();
                }
            };
        }
    }

    @Test
    void theContextTravelsToTheWorkerProcessAndItsRunComesBack() {
        Recorder recorder = new Recorder();
        long parent = ProcessHandle.current().pid();
        try (Pool pool = Multiprocess.getContext("spawn")
                .poolBuilder()
                .processes(2)
                .taskContext(recorder)
                .build()) {
            String seen = pool.apply(() -> TaskContext.currentHeaders().get("ctx") + "@"
                    + ProcessHandle.current().pid());
            String header = seen.substring(0, seen.indexOf('@'));
            long worker = Long.parseLong(seen.substring(seen.indexOf('@') + 1));
            assertThat(worker).isNotEqualTo(parent);
            TaskRun run = recorder.runs.get(header);
            assertThat(run).isNotNull();
            assertThat(run.workerPid()).isEqualTo(worker);
            assertThat(run.ran()).isTrue();
            assertThat(run.runTime()).isPositive();
            assertThat(run.start()).isBefore(run.end());
            assertThat(run.error()).isNull();
            assertThat(recorder.infos.get(header).job()).isEqualTo("apply");

            // A map in 3 chunks: one context per chunk; each item sees its chunk's, nothing left after.
            List<@Nullable String> perItem = pool.map(
                    x -> TaskContext.currentHeaders().get("ctx"),
                    IntStream.range(0, 6).boxed().toList(),
                    2);
            assertThat(perItem).doesNotContainNull();
            assertThat(perItem.get(0)).isEqualTo(perItem.get(1));
            assertThat(perItem.get(2)).isEqualTo(perItem.get(3)).isNotEqualTo(perItem.get(0));
            assertThat(perItem.stream().distinct()).hasSize(3);
            for (String chunk : perItem) {
                assertThat(recorder.runs.get(chunk).workerPid())
                        .isNotEqualTo(parent)
                        .isPositive();
                assertThat(recorder.infos.get(chunk).items()).isEqualTo(2);
            }
            assertThat(pool.apply(() -> TaskContext.currentHeaders().get("ctx")))
                    .as("the next task's own")
                    .startsWith("c-");

            int before = recorder.opened.get();
            Throwable thrown = catchThrowable(() -> pool.apply(() -> {
                throw new IllegalStateException("boom");
            }));
            assertThat(thrown).hasStackTraceContaining("boom");
            assertThat(recorder.runs.get("c-" + (before + 1)).error()).hasMessageContaining("boom");
        }
        assertThat(recorder.runs).hasSize(recorder.opened.get());
    }

    @Test
    void aThreadPoolPutsTheHeadersInTheWorkerThreadsMdc() {
        Recorder recorder = new Recorder();
        try (Pool pool = Pool.builder().processes(1).taskContext(recorder).buildThreadPool()) {
            assertThat(pool.apply(() -> TaskContext.currentHeaders().get("ctx")))
                    .isEqualTo("c-1");
            assertThat(pool.apply(() -> TaskContext.currentHeaders().get("ctx")))
                    .isEqualTo("c-2");
            assertThat(recorder.runs.get("c-1").workerPid())
                    .isEqualTo(ProcessHandle.current().pid());
        }
    }
}
