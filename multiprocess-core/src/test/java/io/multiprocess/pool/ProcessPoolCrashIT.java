package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.jna.Pointer;
import io.multiprocess.Multiprocess;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import io.multiprocess.testing.OsProcesses;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers that die in the middle of a task, every way a JVM can die: the task's result fails promptly
 * with a {@link WorkerLostException} naming the worker's pid and exit code, the other tasks (including
 * those queued behind it on the same worker) complete, a replacement starts, and nothing hangs.
 * CPython's Pool hangs in each of these cases. One pool serves every test.
 */
@ExtendWith(NoLeftoversExtension.class)
@NoLeftoversExtension.PerClass
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessPoolCrashIT {

    private static final Duration WAIT = ChildFiles.TIMEOUT;

    @TempDir
    Path dir;

    private Path crashDir;
    private Pool pool;

    @BeforeAll
    void startPool() throws IOException {
        crashDir = Files.createTempDirectory("pool-crash-");
        pool = Multiprocess.getContext("spawn")
                .withJvmOptions(
                        "-Xmx64m", "-XX:ErrorFile=" + crashDir + "/hs_err_pid%p.log", "-XX:-CreateCoredumpOnCrash")
                .pool(2);
    }

    @AfterAll
    void stopPool() throws IOException {
        pool.shutdown();
        assertThat(pool.join(WAIT)).isTrue();
        try (Stream<Path> files = Files.list(crashDir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(crashDir);
    }

    /** Runs {@code crash} in a worker while other tasks run and queue; checks what the issue promises. */
    private WorkerLostException crashAWorker(String name, CrashingTask crash) {
        Path pidFile = dir.resolve(name + ".pid");
        String pidPath = pidFile.toString();
        AsyncResult<Object> victim = pool.applyAsync(() -> {
            ChildFiles.write(
                    Path.of(pidPath), Long.toString(ProcessHandle.current().pid()));
            return crash.run();
        });
        List<AsyncResult<Integer>> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(pool.applyAsync((Integer x) -> x * x, i));
        }
        Throwable failure = catchThrowable(() -> victim.result(WAIT));
        assertThat(failure).isInstanceOf(WorkerLostException.class);
        WorkerLostException lost = (WorkerLostException) failure;
        long pid = Long.parseLong(ChildFiles.await(pidFile));
        assertThat(lost.pid()).isEqualTo(pid);
        assertThat(lost.getMessage()).contains("pid " + pid).contains("exit code");
        OsProcesses.awaitExit(pid, WAIT);
        for (int i = 0; i < others.size(); i++) {
            assertThat(others.get(i).result(WAIT)).isEqualTo(i * i);
        }
        // The pool serves on, with a replacement.
        assertThat(pool.apply(() -> ProcessHandle.current().pid())).isNotEqualTo(pid);
        return lost;
    }

    /** A task that makes its worker die. */
    @FunctionalInterface
    interface CrashingTask extends Serializable {
        Object run() throws Exception;
    }

    @Test
    void aWorkerKilledBySigkillFailsItsTaskAndTheRestComplete() {
        Path pidFile = dir.resolve("sigkill.pid");
        String pidPath = pidFile.toString();
        AsyncResult<Object> victim = pool.applyAsync(() -> {
            ChildFiles.write(
                    Path.of(pidPath), Long.toString(ProcessHandle.current().pid()));
            ChildFiles.sleepForever();
            return "never";
        });
        List<AsyncResult<Integer>> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(pool.applyAsync((Integer x) -> x + 1, i));
        }
        long pid = Long.parseLong(ChildFiles.await(pidFile));
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        Throwable failure = catchThrowable(() -> victim.result(WAIT));
        assertThat(failure).isInstanceOf(WorkerLostException.class).hasMessageContaining("SIGKILL");
        WorkerLostException lost = (WorkerLostException) failure;
        assertThat(lost.pid()).isEqualTo(pid);
        assertThat(lost.exitCode()).hasValue(-9);
        assertThat(others).allSatisfy(r -> assertThat(r.result(WAIT)).isNotNull());
        assertThat(pool.map((Integer x) -> x, IntStream.range(0, 100).boxed().toList()))
                .hasSize(100);
    }

    @Test
    void systemExitInATaskFailsItWithTheExitCode() {
        WorkerLostException lost = crashAWorker("exit", () -> {
            System.exit(7);
            return null;
        });
        assertThat(lost.exitCode()).hasValue(7);
        assertThat(lost.getMessage()).contains("System.exit(7)");
    }

    @Test
    void outOfMemoryInATaskFailsItAndTheWorkerIsReplaced() {
        WorkerLostException lost = crashAWorker("oom", () -> new long[64 * 1024 * 1024].length);
        assertThat(lost.exitCode()).hasValue(PoolWorker.OUT_OF_MEMORY_STATUS);
        assertThat(lost.getMessage())
                .contains("ran out of memory")
                .contains("OutOfMemoryError")
                .contains("-Xmx");
    }

    @Test
    void aNativeCrashFailsTheTaskAndTheWorkerIsReplaced() {
        // JNA writes to address 0: HotSpot reports the SIGSEGV in native code, writes hs_err and aborts
        // (exit status 1 rather than SIGABRT, since the pool's JVM options turn core dumps off).
        WorkerLostException lost = crashAWorker("native", () -> {
            new Pointer(0).setInt(0, 42);
            return null;
        });
        assertThat(lost.exitCode().getAsInt()).isIn(1, -6);
        assertThat(lost.getMessage()).contains("hs_err_pid" + lost.pid() + ".log");
        assertThat(crashDir.resolve("hs_err_pid" + lost.pid() + ".log")).exists();
    }

    @Test
    void cancellingARunningTaskWithInterruptKillsOnlyItsWorker() {
        Path pidFile = dir.resolve("cancel.pid");
        String pidPath = pidFile.toString();
        AsyncResult<Object> stuck = pool.applyAsync(() -> {
            ChildFiles.write(
                    Path.of(pidPath), Long.toString(ProcessHandle.current().pid()));
            ChildFiles.sleepForever();
            return "never";
        });
        long pid = Long.parseLong(ChildFiles.await(pidFile));
        assertThat(stuck.cancel(true)).isTrue();
        assertThat(stuck.isCancelled()).isTrue();
        OsProcesses.awaitExit(pid, WAIT);
        assertThat(pool.map((Integer x) -> x * 2, List.of(1, 2, 3))).containsExactly(2, 4, 6);
    }
}
