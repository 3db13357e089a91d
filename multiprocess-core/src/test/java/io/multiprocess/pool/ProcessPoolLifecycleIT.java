package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.multiprocess.Multiprocess;
import io.multiprocess.ProcessStartException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.SerializationException;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.serialization.JdkSerializer;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import io.multiprocess.testing.OsProcesses;
import io.multiprocess.util.ProcessTempDir;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A process pool's life: settings, shutdown, terminate, broken starts. Each test has its own pool. */
@ExtendWith(NoLeftoversExtension.class)
class ProcessPoolLifecycleIT {

    private static final Duration WAIT = ChildFiles.TIMEOUT;

    @TempDir
    Path dir;

    private final ProcessContext ctx = Multiprocess.getContext("spawn");

    /** Lives in each worker JVM: counts how often the initializer ran there. */
    static final AtomicInteger INITIALIZED = new AtomicInteger();

    @Test
    void shutdownLetsTheSubmittedWorkFinishThenJoinWaitsForTheWorkers() throws Exception {
        Pool pool = ctx.pool(2);
        List<Long> workerPids = pool.map((Integer x) -> ProcessHandle.current().pid(), List.of(1, 2, 3, 4), 1);
        List<AsyncResult<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.applyAsync((Integer x) -> x * 2, i));
        }
        pool.shutdown();
        assertThat(pool.isShutdown()).isTrue();
        assertThatThrownBy(() -> pool.apply(() -> 1))
                .isInstanceOf(ProcessStateException.class)
                .hasMessageContaining("Pool not running");
        assertThatThrownBy(() -> pool.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
        assertThat(pool.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        pool.join();
        assertThat(pool.isTerminated()).isTrue();
        for (int i = 0; i < 50; i++) {
            assertThat(results.get(i).result()).isEqualTo(i * 2);
        }
        assertThat(workerPids)
                .allSatisfy(pid -> assertThat(OsProcesses.hasExited(pid)).isTrue());
        pool.close();
    }

    /** A value of the application that Java serialization can send. */
    record Order(String id, long cents) implements Serializable {}

    @Test
    void aPoolUsesItsContextsSerializer() {
        ProcessContext jdk = ctx.withSerializer(new JdkSerializer());
        try (Pool pool = jdk.pool(1)) {
            assertThat(pool.map(
                            (Order o) -> new Order(o.id() + "!", o.cents() * 2),
                            List.of(new Order("a", 1), new Order("b", 2))))
                    .containsExactly(new Order("a!", 2), new Order("b!", 4));
            assertThat(pool.apply(() -> io.multiprocess.Multiprocess.getContext()
                            .serializer()
                            .getClass()
                            .getSimpleName()))
                    .isEqualTo("JdkSerializer");
            Throwable failure = catchThrowable(() -> pool.apply(() -> {
                throw new IllegalArgumentException("bad order");
            }));
            assertThat(failure)
                    .isInstanceOf(TaskFailedException.class)
                    .hasCauseInstanceOf(IllegalArgumentException.class);
            pool.shutdown();
            pool.join();
        }
    }

    @Test
    void joiningARunningPoolIsMisuse() {
        try (Pool pool = ctx.pool(1)) {
            assertThatThrownBy(pool::join)
                    .isInstanceOf(ProcessStateException.class)
                    .hasMessageContaining("shutdown()");
        }
    }

    @Test
    void leavingTryWithResourcesWaitsForTheSubmittedTasksAsExecutorServiceCloseDoes() throws Exception {
        Path go = dir.resolve("go");
        String file = go.toString();
        List<AsyncResult<Integer>> results = new ArrayList<>();
        List<Long> pids;
        Pool closing;
        Thread opener;
        try (Pool pool = ctx.pool(1)) {
            closing = pool;
            pids = List.of(pool.apply(() -> ProcessHandle.current().pid()));
            for (int i = 0; i < 5; i++) {
                int value = i;
                results.add(pool.applyAsync(() -> {
                    ChildFiles.awaitInChild(Path.of(file));
                    return value;
                }));
            }
            // The tasks can finish only once close() has begun: it must wait for them, not drop them.
            opener = new Thread(() -> {
                Awaitility.await().atMost(WAIT).until(pool::isShutdown);
                ChildFiles.touch(go);
            });
            opener.start();
        }
        opener.join(WAIT.toMillis());
        assertThat(closing.isTerminated()).isTrue();
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).result(WAIT)).isEqualTo(i);
        }
        assertThat(pids)
                .allSatisfy(pid -> assertThat(OsProcesses.hasExited(pid)).isTrue());
    }

    @Test
    void anInterruptedCloseTerminatesThePoolAndKeepsTheInterrupt() throws Exception {
        Path never = dir.resolve("never");
        String file = never.toString();
        Pool pool = ctx.pool(1);
        AsyncResult<String> stuck = pool.applyAsync(() -> {
            ChildFiles.awaitInChild(Path.of(file));
            return "finished";
        });
        AtomicBoolean interruptKept = new AtomicBoolean();
        Thread closer = new Thread(() -> {
            pool.close();
            interruptKept.set(Thread.currentThread().isInterrupted());
        });
        closer.start();
        Awaitility.await().atMost(WAIT).until(pool::isShutdown);
        closer.interrupt();
        closer.join(WAIT.toMillis());
        assertThat(closer.isAlive()).isFalse();
        assertThat(interruptKept).isTrue();
        assertThat(pool.isTerminated()).isTrue();
        assertThat(catchThrowable(stuck::result)).isInstanceOf(PoolTerminatedException.class);
    }

    @Test
    void pythonsWithStatementReadsAsTerminateInFinally() {
        Path never = dir.resolve("never");
        String file = never.toString();
        AsyncResult<String> pending;
        List<Long> pids;
        Pool pool = ctx.pool(1);
        try {
            pids = List.of(pool.apply(() -> ProcessHandle.current().pid()));
            pending = pool.applyAsync(() -> {
                ChildFiles.awaitInChild(Path.of(file));
                return "finished";
            });
        } finally {
            pool.terminate();
            pool.join();
        }
        assertThat(catchThrowable(pending::result))
                .isInstanceOf(PoolTerminatedException.class)
                .hasMessageContaining("terminated");
        assertThat(pids)
                .allSatisfy(pid -> assertThat(OsProcesses.hasExited(pid)).isTrue());
    }

    @Test
    void terminateKillsAWorkerStuckInATaskAndFailsWhatIsPending() {
        Pool pool = ctx.pool(1);
        Path pidFile = dir.resolve("stuck.pid");
        String pidPath = pidFile.toString();
        AsyncResult<Object> stuck = pool.applyAsync(() -> {
            ChildFiles.write(
                    Path.of(pidPath), Long.toString(ProcessHandle.current().pid()));
            while (true) {
                Thread.onSpinWait();
            }
        });
        AsyncResult<Integer> queued = pool.applyAsync(() -> 1);
        long pid = Long.parseLong(ChildFiles.await(pidFile));
        pool.terminate();
        assertThat(pool.join(WAIT)).isTrue();
        assertThat(catchThrowable(stuck::result)).isInstanceOf(PoolTerminatedException.class);
        assertThat(catchThrowable(queued::result)).isInstanceOf(PoolTerminatedException.class);
        assertThat(OsProcesses.hasExited(pid)).isTrue();
        pool.terminate();
        pool.close();
    }

    @Test
    void shutdownNowReturnsTheTasksThatNeverStarted() {
        Pool pool = ctx.pool(1);
        Path go = dir.resolve("go");
        String file = go.toString();
        Callable<String> neverStarts = (Callable<String> & Serializable) () -> "x";
        List<AsyncResult<?>> submitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            submitted.add(pool.submit(() -> ChildFiles.awaitInChild(Path.of(file))));
        }
        submitted.add(pool.submit(neverStarts));
        List<Runnable> notRun = pool.shutdownNow();
        assertThat(notRun).isNotEmpty();
        assertThat(pool.join(WAIT)).isTrue();
        assertThat(submitted).allSatisfy(r -> assertThat(r.isReady()).isTrue());
    }

    @Test
    void theInitializerRunsOncePerWorkerBeforeItsTasks() {
        String initDir = dir.toString();
        Pool pool = ctx.poolBuilder()
                .processes(2)
                .initializer(() -> {
                    INITIALIZED.incrementAndGet();
                    ChildFiles.write(
                            Path.of(initDir, "init-" + ProcessHandle.current().pid()), "");
                })
                .build();
        try {
            List<String> seen = pool.map(
                    (Integer i) -> ProcessHandle.current().pid() + ":" + INITIALIZED.get(),
                    IntStream.range(0, 200).boxed().toList(),
                    1);
            assertThat(seen).allSatisfy(s -> assertThat(s).endsWith(":1"));
            List<String> pids = seen.stream()
                    .map(s -> s.substring(0, s.indexOf(':')))
                    .distinct()
                    .toList();
            assertThat(pids).hasSizeBetween(1, 2);
            assertThat(pids)
                    .allSatisfy(pid -> assertThat(dir.resolve("init-" + pid)).exists());
        } finally {
            pool.shutdown();
            pool.join();
        }
    }

    @Test
    void maxTasksPerChildReplacesWorkersAndNeverOverfillsOne() {
        Pool pool = ctx.poolBuilder().processes(1).maxTasksPerChild(2).build();
        try {
            List<AsyncResult<Long>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(pool.applyAsync(() -> ProcessHandle.current().pid()));
            }
            Map<Long, Long> tasksPerPid = results.stream()
                    .map(r -> r.result(WAIT))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(tasksPerPid).hasSize(3);
            assertThat(tasksPerPid.values()).containsOnly(2L);
            // Python counts a chunk of map as one task.
            List<Long> chunkPids =
                    pool.map((Integer x) -> ProcessHandle.current().pid(), List.of(1, 2, 3, 4, 5, 6), 3);
            assertThat(chunkPids.subList(0, 3)).containsOnly(chunkPids.get(0));
            assertThat(chunkPids.subList(3, 6)).containsOnly(chunkPids.get(3));
        } finally {
            pool.shutdown();
            pool.join();
        }
    }

    @Test
    void aTaskOverTheTimeoutIsKilledWithItsWorkerAndThePoolServesOn() {
        Pool pool = ctx.poolBuilder()
                .processes(1)
                .taskTimeout(Duration.ofMillis(500))
                .build();
        try {
            Path pidFile = dir.resolve("slow.pid");
            String pidPath = pidFile.toString();
            AsyncResult<String> slow = pool.applyAsync(() -> {
                ChildFiles.write(
                        Path.of(pidPath), Long.toString(ProcessHandle.current().pid()));
                ChildFiles.sleepForever();
                return "never";
            });
            AsyncResult<String> next = pool.applyAsync(() -> "next");
            Throwable failure = catchThrowable(() -> slow.result(WAIT));
            assertThat(failure).isInstanceOf(TaskTimeoutException.class).hasMessageContaining("PT0.5S");
            long pid = Long.parseLong(ChildFiles.read(pidFile));
            assertThat(((TaskTimeoutException) failure).workerPid()).hasValue(pid);
            assertThat(next.result(WAIT)).isEqualTo("next");
            OsProcesses.awaitExit(pid, WAIT);
            assertThat(pool.apply(() -> ProcessHandle.current().pid())).isNotEqualTo(pid);
        } finally {
            pool.shutdown();
            pool.join();
        }
    }

    @Test
    void aFailingInitializerBreaksThePoolInsteadOfRestartingForever() {
        Pool pool = ctx.poolBuilder()
                .processes(2)
                .initializer(() -> {
                    throw new IllegalStateException("no database");
                })
                .build();
        try {
            AsyncResult<Integer> result = pool.applyAsync(() -> 1);
            Throwable failure = catchThrowable(() -> result.result(WAIT));
            assertThat(failure)
                    .isInstanceOf(PoolTerminatedException.class)
                    .hasMessageContaining("broke down")
                    .hasCauseInstanceOf(ProcessStartException.class);
            assertThat(failure.getCause()).hasMessageContaining("no database").hasRootCauseMessage("no database");
            assertThatThrownBy(() -> pool.apply(() -> 2))
                    .isInstanceOf(ProcessStateException.class)
                    .hasMessageContaining("broke down");
        } finally {
            pool.close();
        }
    }

    @Test
    void aCallableThatCannotBeSerializedFailsInTheCallersThread() {
        try (Pool pool = ctx.pool(1)) {
            Callable<Integer> plain = () -> 42;
            assertThatThrownBy(() -> pool.submit(plain))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("SerializableCallable");
            // A lambda written in the call is serializable: it picks the serializable overload.
            assertThat(pool.submit(() -> 42).result(WAIT)).isEqualTo(42);
            Object notSerializable = new Object() {
                final Thread thread = Thread.currentThread();
            };
            assertThatThrownBy(() -> pool.apply((Object o) -> o.toString(), notSerializable))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("thread");
            assertThatThrownBy(() -> pool.apply(() -> Thread.currentThread()))
                    .isInstanceOf(TaskFailedException.class)
                    .hasCauseInstanceOf(SerializationException.class);
        }
    }

    @Test
    void anInitializerThatCannotBeSerializedFailsTheConstructorAndLeavesNothing() {
        Thread notSendable = Thread.currentThread();
        assertThatThrownBy(() -> ctx.poolBuilder()
                        .processes(2)
                        .initializer(() -> notSendable.getName())
                        .build())
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Thread");
    }

    @Test
    void aCancelledTaskThatWasStillWaitingNeverRuns() {
        Pool pool = ctx.pool(1);
        try {
            Path go = dir.resolve("go");
            String goFile = go.toString();
            Path ran = dir.resolve("ran");
            String ranFile = ran.toString();
            AsyncResult<String> blocker = pool.applyAsync(() -> {
                ChildFiles.awaitInChild(Path.of(goFile));
                return "blocker";
            });
            AsyncResult<String> filler = pool.applyAsync(() -> "filler");
            AsyncResult<String> waiting = pool.applyAsync(() -> {
                ChildFiles.touch(Path.of(ranFile));
                return "ran";
            });
            assertThat(waiting.cancel(false)).isTrue();
            ChildFiles.touch(go);
            assertThat(blocker.result(WAIT)).isEqualTo("blocker");
            assertThat(filler.result(WAIT)).isEqualTo("filler");
            assertThat(pool.apply(() -> "after")).isEqualTo("after");
            assertThat(ran).doesNotExist();
            assertThatThrownBy(waiting::result).isInstanceOf(CancellationException.class);
        } finally {
            pool.shutdown();
            pool.join();
        }
    }

    @Test
    void theSocketLivesInAPrivateDirectoryAndIsRemovedAtTheEnd() throws Exception {
        Pool pool = ctx.pool(1);
        Path tempDir = ProcessTempDir.get();
        List<Path> sockets;
        try (Stream<Path> entries = Files.list(tempDir)) {
            sockets = entries.filter(p -> p.getFileName().toString().matches("pool-\\d+-[a-z0-9]+\\.sock"))
                    .toList();
        }
        assertThat(sockets).hasSize(1);
        assertThat(Files.getPosixFilePermissions(tempDir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        pool.shutdown();
        pool.join();
        assertThat(sockets.get(0)).doesNotExist();
    }
}
