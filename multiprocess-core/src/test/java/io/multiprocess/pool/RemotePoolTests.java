package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.serialization.Serializer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The pool contract on a {@link RemotePool} whose runner executes the request bytes on threads of this
 * JVM, as a cluster member would: everything is serialized both ways. Plus what is particular to a
 * runner: lost workers, timeouts, terminate.
 */
class RemotePoolTests extends PoolContract {

    /** Runs each request on a thread: serialize, {@link RemoteTask#execute}, deserialize. */
    static class ThreadRunner implements TaskRunner {
        final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "remote-runner");
            thread.setDaemon(true);
            return thread;
        });
        final Serializer serializer = new KryoSerializer();
        final AtomicInteger started = new AtomicInteger();
        volatile boolean closed;

        @Override
        public RunningTask start(RemoteTask task) {
            started.incrementAndGet();
            byte[] request = task.request().clone();
            Future<?> future = threads.submit(() -> task.completed(RemoteTask.execute(request, serializer)));
            return () -> future.cancel(true);
        }

        @Override
        public void close() {
            closed = true;
            threads.shutdownNow();
        }

        @Override
        public String describe() {
            return "threads";
        }
    }

    private final ThreadRunner runner = new ThreadRunner();

    @Override
    Pool createPool() {
        return RemotePool.builder(runner).processes(2).build();
    }

    @Override
    @AfterAll
    void stopPool() {
        super.stopPool();
        assertThat(runner.closed).as("the runner is closed once the pool ended").isTrue();
    }

    @Test
    void theResponseNamesTheWorkersPid() {
        AsyncResult<Integer> result = pool.applyAsync((Integer x) -> 10 / x, 0);
        assertThatThrownBy(result::result)
                .isInstanceOf(TaskFailedException.class)
                .hasCauseInstanceOf(ArithmeticException.class)
                .satisfies(e -> assertThat(((TaskFailedException) e).workerPid())
                        .hasValue(ProcessHandle.current().pid()));
    }

    @Test
    void aRunnerReportsALostWorkerAndThePoolServesOn() {
        TaskRunner losing = task -> {
            task.failed(new WorkerLostException("worker gone while running " + task.description(), 4242, null));
            return () -> {};
        };
        try (Pool lossy = RemotePool.builder(losing).processes(2).build()) {
            assertThatThrownBy(() -> lossy.map((Integer x) -> x, List.of(1, 2, 3)))
                    .isInstanceOf(WorkerLostException.class)
                    .hasMessageContaining("worker gone");
            assertThat(lossy.isShutdown()).isFalse();
        }
    }

    @Test
    void aTaskOverTheTimeoutFailsAndIsCancelled() {
        ThreadRunner slowRunner = new ThreadRunner();
        try (Pool timed = RemotePool.builder(slowRunner)
                .processes(1)
                .taskTimeout(Duration.ofMillis(200))
                .build()) {
            AsyncResult<String> slow = timed.applyAsync(() -> {
                Thread.sleep(60_000);
                return "late";
            });
            assertThatThrownBy(() -> slow.result(WAIT))
                    .isInstanceOf(TaskTimeoutException.class)
                    .hasMessageContaining("task timeout");
            // The slot is free again at once: the next task runs.
            assertThat(timed.apply(() -> "next")).isEqualTo("next");
        }
    }

    @Test
    void terminateFailsRunningAndQueuedTasksAndClosesTheRunner() {
        ThreadRunner blocking = new ThreadRunner();
        Pool pool = RemotePool.builder(blocking).processes(1).build();
        AsyncResult<String> running = pool.applyAsync(() -> {
            Thread.sleep(60_000);
            return "never";
        });
        AsyncResult<String> queued = pool.applyAsync(() -> "queued");
        pool.terminate();
        assertThatThrownBy(() -> running.result(WAIT)).isInstanceOf(PoolTerminatedException.class);
        assertThatThrownBy(() -> queued.result(WAIT)).isInstanceOf(PoolTerminatedException.class);
        assertThat(pool.join(WAIT)).isTrue();
        assertThat(blocking.closed).isTrue();
        assertThat(blocking.started.get()).isEqualTo(1);
    }

    @Test
    void atMostProcessesTasksAreHandedToTheRunnerAtATime() {
        AtomicInteger inRunner = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ThreadRunner counting = new ThreadRunner() {
            @Override
            public RunningTask start(RemoteTask task) {
                most.accumulateAndGet(inRunner.incrementAndGet(), Math::max);
                byte[] request = task.request();
                Future<?> future = threads.submit(() -> {
                    byte[] response = RemoteTask.execute(request, serializer);
                    inRunner.decrementAndGet();
                    task.completed(response);
                });
                return () -> future.cancel(true);
            }
        };
        try (Pool limited = RemotePool.builder(counting).processes(3).build()) {
            List<Integer> items = IntStream.range(0, 40).boxed().toList();
            assertThat(limited.map((Integer x) -> x + 1, items, 1)).hasSize(40);
        }
        assertThat(most.get()).isBetween(1, 3);
    }
}
