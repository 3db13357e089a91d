package io.multiprocess.forkserver;

import static io.multiprocess.testing.ChildFiles.await;
import static io.multiprocess.testing.ChildFiles.touch;
import static io.multiprocess.testing.ChildFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.process.ForkServerClient;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import io.multiprocess.testing.OsProcesses;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What the forkserver promises beyond the process contract: spares, preloading, and its own lifetime. */
@ExtendWith(NoLeftoversExtension.class)
class ForkServerIT {

    /** Processes of the forkserver end within this time after the process they depend on died. */
    private static final Duration DEATH_LIMIT = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private final ProcessContext ctx = Multiprocess.getContext("forkserver").withForkserverSpares(2);

    @AfterEach
    void stopTheServer() {
        ForkServer.stop();
        ForkServer.setPreload();
    }

    private static <T> T awaitValue(Supplier<T> value, Predicate<T> condition) {
        List<T> holder = new ArrayList<>(1);
        Awaitility.await()
                .atMost(ChildFiles.TIMEOUT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    T current = value.get();
                    holder.clear();
                    holder.add(current);
                    return condition.test(current);
                });
        return holder.get(0);
    }

    private static List<Long> awaitReadySpares(int count) {
        return awaitValue(ForkServerClient::readySpares, ready -> ready.size() >= count);
    }

    private static Set<Long> childrenOf(long pid) {
        Set<Long> children = new HashSet<>();
        ProcessHandle.of(pid).ifPresent(p -> p.children().forEach(child -> children.add(child.pid())));
        return children;
    }

    /** A child that ends after a shutdown hook and a non-daemon thread of its own have written their files. */
    private static void endAfterAHookAndAThread(String hookFile, String threadFile) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> slowly(() -> touch(Path.of(hookFile)))));
        new Thread(() -> slowly(() -> touch(Path.of(threadFile)))).start();
    }

    /** Runs an action after a pause, so that a join that returned too early would find its effect missing. */
    private static void slowly(Runnable action) {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        action.run();
    }

    @Test
    void joinReturnsOnlyOnceTheChildsHooksAndNonDaemonThreadsHaveFinished() {
        ForkServer.ensureRunning(ctx.settings());
        // The spares report their end themselves, through a pipe of the server they open by its /proc path.
        String reportPath = "/proc/" + ForkServer.pid().getAsLong() + "/fd/";
        for (long spare : awaitReadySpares(1)) {
            assertThat(ProcessHandle.of(spare)
                            .flatMap(p -> p.info().arguments())
                            .map(Arrays::asList)
                            .orElseThrow())
                    .anyMatch(argument -> argument.startsWith(reportPath));
        }
        String hookFile = dir.resolve("hook").toString();
        String threadFile = dir.resolve("thread").toString();
        ChildProcess child = ctx.process(() -> endAfterAHookAndAThread(hookFile, threadFile));
        child.start();
        assertThat(child.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(Path.of(hookFile)).exists();
        assertThat(Path.of(threadFile)).exists();
        assertThat(child.exitCode()).hasValue(0);
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void theStatusOfAChildThatFailsOrExitsItselfIsTheOneItEndsWith() {
        ForkServer.ensureRunning(ctx.settings());
        awaitReadySpares(2);
        ChildProcess failing = ctx.process(() -> {
            throw new IllegalStateException("expected by the test");
        });
        failing.start();
        assertThat(failing.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(failing.exitCode()).hasValue(1);

        awaitReadySpares(1);
        ChildProcess exiting = ctx.process(() -> System.exit(7));
        exiting.start();
        assertThat(exiting.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(exiting.exitCode()).hasValue(7);
    }

    @Test
    void ensureRunningStartsTheServerWhichStartsItsSpares() {
        assertThat(ForkServer.isRunning()).isFalse();
        assertThat(ForkServer.pid()).isEmpty();
        ForkServer.ensureRunning(ctx.settings());
        assertThat(ForkServer.isRunning()).isTrue();
        long server = ForkServer.pid().getAsLong();
        assertThat(childrenOf(ProcessHandle.current().pid())).contains(server);

        List<Long> spares = awaitReadySpares(2);
        assertThat(spares).hasSize(2);
        assertThat(childrenOf(server)).containsAll(spares);
        ForkServer.ensureRunning(ctx.settings());
        assertThat(ForkServer.pid().getAsLong()).isEqualTo(server);
    }

    @Test
    void aStartTakesAReadySpareAndTheServerReplacesItOnceTheProcessEnded() {
        ForkServer.ensureRunning(ctx.settings());
        Set<Long> before = new HashSet<>(awaitReadySpares(2));
        Path out = dir.resolve("out");
        ChildProcess p = ctx.process(
                () -> write(out, Long.toString(ProcessHandle.current().pid())));
        p.start();
        assertThat(p.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(p.exitCode()).hasValue(0);
        long child = Long.parseLong(ChildFiles.read(out));
        assertThat(child).isEqualTo(p.pid().getAsLong()).isIn(before);

        List<Long> after =
                awaitValue(ForkServerClient::readySpares, ready -> ready.size() == 2 && !before.containsAll(ready));
        assertThat(after).doesNotContain(child);
    }

    @Test
    void preloadedClassesAreInitializedInTheSpareBeforeTheProcessArrives() {
        ProcessContext preloading = ctx.withForkserverPreload(PreloadProbe.class.getName(), "com.example.NoSuchClass");
        ForkServer.ensureRunning(preloading.settings());
        awaitReadySpares(2);
        Path out = dir.resolve("out");
        ChildProcess p = preloading.process(() -> write(
                out,
                System.getProperty(PreloadProbe.PROPERTY) + " / pid "
                        + ProcessHandle.current().pid()));
        p.start();
        assertThat(p.join(ChildFiles.TIMEOUT)).isTrue();
        long pid = p.pid().getAsLong();
        assertThat(ChildFiles.read(out)).isEqualTo("initialized in pid " + pid + " / pid " + pid);
        assertThat(System.getProperty(PreloadProbe.PROPERTY)).isNull();
    }

    @Test
    void thePreloadOfTheForkserverModuleServesContextsWithoutTheirOwn() {
        Multiprocess.setForkserverPreload(PreloadProbe.class.getName());
        assertThat(ForkServer.preload()).containsExactly(PreloadProbe.class.getName());
        ForkServer.ensureRunning(ctx.settings());
        awaitReadySpares(2);
        Path out = dir.resolve("out");
        ChildProcess p = ctx.process(() -> write(out, String.valueOf(System.getProperty(PreloadProbe.PROPERTY))));
        p.start();
        assertThat(p.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(ChildFiles.read(out))
                .isEqualTo("initialized in pid " + p.pid().getAsLong());
    }

    @Test
    void theServerItsSparesAndItsChildrenDieWhenItsParentIsKilledWithSigkill() {
        Path pids = dir.resolve("pids");
        ProcessContext inner = ctx;
        ChildProcess parent = Multiprocess.getContext("spawn").process(() -> {
            ForkServer.ensureRunning(inner.settings());
            while (ForkServerClient.readySpares().size() < 2) {
                ChildFiles.sleepFor(Duration.ofMillis(10));
            }
            ChildProcess child = inner.process(ChildFiles::sleepForever);
            child.start();
            while (ForkServerClient.idleSpares().size() < 2) {
                ChildFiles.sleepFor(Duration.ofMillis(10));
            }
            List<Long> all = new ArrayList<>(ForkServerClient.idleSpares());
            all.add(ForkServer.pid().getAsLong());
            all.add(child.pid().getAsLong());
            write(pids, all.toString().replaceAll("[\\[\\] ]", ""));
            ChildFiles.sleepForever();
        });
        parent.start();
        List<Long> orphansToBe =
                Arrays.stream(await(pids).split(",")).map(Long::parseLong).toList();
        assertThat(orphansToBe).hasSizeGreaterThanOrEqualTo(4);
        orphansToBe.forEach(pid -> assertThat(OsProcesses.hasExited(pid)).isFalse());

        parent.kill();
        assertThat(parent.join(ChildFiles.TIMEOUT)).isTrue();
        orphansToBe.forEach(pid -> OsProcesses.awaitExit(pid, DEATH_LIMIT));
    }

    @Test
    void sparesAndChildrenDieWithTheServerAndTheNextStartStartsAnotherServer() {
        ForkServer.ensureRunning(ctx.settings());
        awaitReadySpares(2);
        Path ready = dir.resolve("ready");
        ChildProcess child = ctx.process(() -> {
            touch(ready);
            ChildFiles.sleepForever();
        });
        child.start();
        await(ready);
        long server = ForkServer.pid().getAsLong();
        List<Long> spares = ForkServerClient.idleSpares();

        ProcessHandle.of(server).orElseThrow().destroyForcibly();
        assertThat(child.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(child.exitCode()).hasValue(-9);
        OsProcesses.awaitExit(server, DEATH_LIMIT);
        OsProcesses.awaitExit(child.pid().getAsLong(), DEATH_LIMIT);
        spares.forEach(pid -> OsProcesses.awaitExit(pid, DEATH_LIMIT));
        assertThat(ForkServer.isRunning()).isFalse();

        ChildProcess next = ctx.process(() -> {});
        next.start();
        assertThat(next.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(next.exitCode()).hasValue(0);
        assertThat(ForkServer.pid().getAsLong()).isNotEqualTo(server);
    }

    @Test
    void stopEndsTheServerAndEverySpare() {
        ForkServer.ensureRunning(ctx.settings());
        List<Long> spares = awaitReadySpares(2);
        long server = ForkServer.pid().getAsLong();
        ForkServer.stop();
        assertThat(ForkServer.isRunning()).isFalse();
        OsProcesses.awaitExit(server, DEATH_LIMIT);
        spares.forEach(pid -> OsProcesses.awaitExit(pid, DEATH_LIMIT));
        Awaitility.await()
                .atMost(ChildFiles.TIMEOUT)
                .until(() -> NoLeftoversExtension.liveDescendants().isEmpty());
    }

    @Test
    void childrenAppendingToOneFileFromSparesKeepEveryLine() {
        Path log = dir.resolve("log");
        ProcessContext appending = ctx.withOutput(Redirect.appendTo(log.toFile()), Redirect.INHERIT);
        ForkServer.ensureRunning(appending.settings());
        awaitReadySpares(2);
        ChildProcess first = appending.process(() -> System.out.println("first"));
        first.start();
        assertThat(first.join(ChildFiles.TIMEOUT)).isTrue();
        ChildProcess second = appending.process(() -> System.out.println("second"));
        second.start();
        assertThat(second.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(ChildFiles.read(log)).isEqualTo("first\nsecond\n");
    }

    @Test
    void aTaskThatNeedsNoSpareWaitsForANewJvmWhenTheContextKeepsNone() {
        ProcessContext none = ctx.withForkserverSpares(0);
        Path out = dir.resolve("out");
        ChildProcess p = none.process(() -> write(out, "ran"));
        p.start();
        assertThat(p.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(ChildFiles.read(out)).isEqualTo("ran");
        assertThat(ForkServerClient.idleSpares()).isEmpty();
    }
}
