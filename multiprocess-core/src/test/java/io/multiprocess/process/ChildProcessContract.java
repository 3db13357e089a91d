package io.multiprocess.process;

import static io.multiprocess.testing.ChildFiles.await;
import static io.multiprocess.testing.ChildFiles.awaitInChild;
import static io.multiprocess.testing.ChildFiles.touch;
import static io.multiprocess.testing.ChildFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.multiprocess.Multiprocess;
import io.multiprocess.ProcessStateException;
import io.multiprocess.SerializationException;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process handle against real child JVMs: the contract every start method that starts processes
 * keeps, run once per method by a subclass (as CPython runs its process tests per start method).
 */
@ExtendWith(NoLeftoversExtension.class)
abstract class ChildProcessContract {

    private static final Duration JOIN = ChildFiles.TIMEOUT;

    @TempDir
    Path dir;

    private final ProcessContext ctx = context();

    /**
     * The context under test.
     *
     * @return a context of the start method under test
     */
    abstract ProcessContext context();

    @Test
    void theTargetRunsInAnotherJvmThatKnowsItsNameAndParent() {
        Path out = dir.resolve("out");
        String captured = "captured value";
        ChildProcess p = ctx.process(() -> {
            BaseProcess me = Multiprocess.currentProcess();
            BaseProcess parent = Multiprocess.parentProcess().orElseThrow();
            write(
                    out,
                    me.pid().getAsLong() + "|" + me.name() + "|" + parent.pid().getAsLong() + "|" + parent.name() + "|"
                            + parent.isAlive() + "|" + captured + "|" + (me instanceof ChildProcess));
        });
        assertThat(p.pid()).isEmpty();
        p.start();
        assertThat(p.join(JOIN)).isTrue();

        String[] fields = ChildFiles.read(out).split("\\|");
        long own = ProcessHandle.current().pid();
        assertThat(Long.parseLong(fields[0])).isEqualTo(p.pid().getAsLong()).isNotEqualTo(own);
        assertThat(fields[1]).isEqualTo(p.name()).matches("Process-\\d+");
        assertThat(Long.parseLong(fields[2])).isEqualTo(own);
        assertThat(fields[3]).isEqualTo("MainProcess");
        assertThat(fields).endsWith("true", "captured value", "true");
        assertThat(p.exitCode()).hasValue(0);
        assertThat(p.isAlive()).isFalse();
        assertThat(Multiprocess.currentProcess().name()).isEqualTo("MainProcess");
        assertThat(Multiprocess.parentProcess()).isEmpty();
    }

    @Test
    void argumentsArePassedLikePythonsArgs() {
        Path one = dir.resolve("one");
        Path two = dir.resolve("two");
        ChildProcess p1 = ctx.process((String text) -> write(one, text), "first");
        ChildProcess p2 = ctx.process((Integer a, Integer b) -> write(two, String.valueOf(a * b)), 6, 7);
        p1.start();
        p2.start();
        assertThat(p1.join(JOIN)).isTrue();
        assertThat(p2.join(JOIN)).isTrue();
        assertThat(ChildFiles.read(one)).isEqualTo("first");
        assertThat(ChildFiles.read(two)).isEqualTo("42");
    }

    @Test
    void anUncaughtExceptionGivesExitCodeOneAndAStackTraceOnStandardError() {
        Path err = dir.resolve("stderr.txt");
        ChildProcess p = ctx.withOutput(Redirect.INHERIT, Redirect.to(err.toFile()))
                .process("failing", () -> {
                    throw new IllegalStateException("boom in the child");
                });
        p.start();
        assertThat(p.join(JOIN)).isTrue();
        assertThat(p.exitCode()).hasValue(1);
        assertThat(ChildFiles.read(err))
                .contains("Exception in process failing (pid " + p.pid().getAsLong() + ")")
                .contains("java.lang.IllegalStateException: boom in the child")
                .contains(ChildProcessContract.class.getName());
    }

    @Test
    void systemExitSetsTheExitCode() {
        ChildProcess p = ctx.process(() -> System.exit(3));
        p.start();
        assertThat(p.join(JOIN)).isTrue();
        assertThat(p.exitCode()).hasValue(3);
    }

    @Test
    void terminateSendsSigtermWhichRunsShutdownHooksAndGivesMinus15() {
        Path ready = dir.resolve("ready");
        Path hook = dir.resolve("hook");
        ChildProcess p = ctx.process(() -> {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> write(hook, "ran")));
            touch(ready);
            ChildFiles.sleepForever();
        });
        p.start();
        await(ready);
        p.terminate();
        assertThat(p.join(JOIN)).isTrue();
        assertThat(p.exitCode()).hasValue(-15);
        assertThat(ChildFiles.read(hook)).isEqualTo("ran");
    }

    @Test
    void killSendsSigkillAndGivesMinus9() {
        Path ready = dir.resolve("ready");
        ChildProcess p = ctx.process(() -> {
            touch(ready);
            ChildFiles.sleepForever();
        });
        p.start();
        await(ready);
        p.kill();
        assertThat(p.join(JOIN)).isTrue();
        assertThat(p.exitCode()).hasValue(-9);
    }

    @Test
    void aSignalFromOutsideIsReportedAsMinusItsNumber() throws Exception {
        Path ready = dir.resolve("ready");
        ChildProcess p = ctx.process(() -> {
            touch(ready);
            ChildFiles.sleepForever();
        });
        p.start();
        await(ready);
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid().getAsLong()))
                .inheritIO()
                .start();
        assertThat(kill.waitFor()).isZero();
        assertThat(p.join(JOIN)).isTrue();
        assertThat(p.exitCode()).hasValue(-2);
    }

    @Test
    void joinWithATimeoutReturnsFalseWhileTheChildRuns() {
        Path go = dir.resolve("go");
        ChildProcess p = ctx.process(() -> awaitInChild(go));
        p.start();
        assertThat(p.join(Duration.ofMillis(50))).isFalse();
        assertThat(p.join(Duration.ZERO)).isFalse();
        assertThat(p.isAlive()).isTrue();
        assertThat(p.exitCode()).isEmpty();
        assertThat(p.toString()).contains("started");
        touch(go);
        assertThat(p.join(JOIN)).isTrue();
        assertThat(p.exitCode()).hasValue(0);
        assertThat(p.toString()).contains("exitCode=0");
    }

    @Test
    void lifeCycleMisuseIsAClearError() {
        Path go = dir.resolve("go");
        ChildProcess p = ctx.process(() -> awaitInChild(go));
        assertThatThrownBy(p::join).isInstanceOf(ProcessStateException.class).hasMessageContaining("call start()");
        assertThatThrownBy(p::terminate)
                .isInstanceOf(ProcessStateException.class)
                .hasMessageContaining("not started");
        assertThatThrownBy(p::sentinel).isInstanceOf(ProcessStateException.class);
        p.start();
        assertThatThrownBy(p::start).isInstanceOf(ProcessStateException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> p.setDaemon(true)).isInstanceOf(ProcessStateException.class);
        assertThatThrownBy(p::close).isInstanceOf(ProcessStateException.class).hasMessageContaining("still running");
        touch(go);
        assertThat(p.join(JOIN)).isTrue();
        p.close();
        p.close();
        assertThatThrownBy(p::pid).isInstanceOf(ProcessStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(p::exitCode).isInstanceOf(ProcessStateException.class);
        assertThatThrownBy(p::isAlive).isInstanceOf(ProcessStateException.class);
        assertThatThrownBy(p::join).isInstanceOf(ProcessStateException.class);
        assertThat(p.name()).startsWith("Process-");
    }

    @Test
    void aChildCannotJoinOrStartItself() {
        Path out = dir.resolve("out");
        ChildProcess p = ctx.process(() -> {
            ChildProcess self = (ChildProcess) Multiprocess.currentProcess();
            String join;
            String start;
            try {
                self.join();
                join = "joined?!";
            } catch (ProcessStateException e) {
                join = e.getMessage();
            }
            try {
                self.start();
                start = "started?!";
            } catch (ProcessStateException e) {
                start = e.getMessage();
            }
            write(
                    out,
                    join + "\n" + start + "\n" + self.isAlive() + "\n"
                            + self.pid().getAsLong());
        });
        p.start();
        assertThat(p.join(JOIN)).isTrue();
        String[] lines = ChildFiles.read(out).split("\n");
        assertThat(lines[0]).contains("cannot join itself");
        assertThat(lines[1]).contains("created in the parent process");
        assertThat(lines[2]).isEqualTo("true");
        assertThat(Long.parseLong(lines[3])).isEqualTo(p.pid().getAsLong());
    }

    /** A subclass overriding run(), with state of its own. */
    static final class Worker extends ChildProcess {
        private static final long serialVersionUID = 1L;
        private final int factor;
        private final Path out;

        Worker(int factor, Path out) {
            this.factor = factor;
            this.out = out;
        }

        @Override
        public void run() {
            write(out, name() + ":" + factor * 7 + ":" + (Multiprocess.currentProcess() == this));
        }
    }

    @Test
    void aSubclassInstanceTravelsAndItsRunRuns() {
        Path out = dir.resolve("out");
        Worker worker = new Worker(6, out);
        assertThat(worker.name()).matches("Worker-\\d+");
        worker.start();
        assertThat(worker.join(JOIN)).isTrue();
        assertThat(worker.exitCode()).hasValue(0);
        assertThat(ChildFiles.read(out)).isEqualTo(worker.name() + ":42:true");
    }

    @Test
    void namesCountPerParentAndNestForGrandchildren() {
        Path out = dir.resolve("out");
        ChildProcess first = ctx.process(() -> {});
        ChildProcess second = ctx.process(() -> {
            ChildProcess grandchild = Multiprocess.getContext().process(() -> {});
            ChildProcess another = Multiprocess.getContext().process(() -> {});
            write(out, grandchild.name() + "," + another.name());
        });
        int n = Integer.parseInt(first.name().substring("Process-".length()));
        assertThat(second.name()).isEqualTo("Process-" + (n + 1));
        second.start();
        assertThat(second.join(JOIN)).isTrue();
        assertThat(ChildFiles.read(out)).isEqualTo(second.name() + ":1," + second.name() + ":2");
    }

    @Test
    void somethingUnserializableFailsInStartBeforeAnyProcessExists() {
        Thread thread = new Thread(() -> {});
        ChildProcess p = ctx.process(() -> thread.setName("x"));
        assertThatThrownBy(p::start)
                .isInstanceOfSatisfying(SerializationException.class, e -> {
                    assertThat(e.offendingClass()).contains("java.lang.Thread");
                    assertThat(e.path()).isNotEmpty();
                    assertThat(e.path().get(0)).isEqualTo("target (" + ChildProcess.class.getName() + ")");
                })
                .hasMessageContaining("a thread runs inside one JVM");
        assertThat(p.pid()).isEmpty();
        assertThat(NoLeftoversExtension.liveDescendants()).isEmpty();
        assertThat(Multiprocess.activeChildren()).doesNotContain(p);
    }

    @Test
    void theSentinelBecomesReadyWhenTheChildEnds() {
        Path go = dir.resolve("go");
        ChildProcess p = ctx.process(() -> awaitInChild(go));
        p.start();
        Sentinel sentinel = p.sentinel();
        assertThat(sentinel.isReady()).isFalse();
        assertThat(sentinel.await(Duration.ofMillis(20))).isFalse();
        touch(go);
        assertThat(sentinel.await(JOIN)).isTrue();
        assertThat(sentinel.onReady()).isDone();
        assertThat(p.exitCode()).hasValue(0);
    }

    @Test
    void activeChildrenListsRunningChildrenAndForgetsEndedOnes() {
        Path go = dir.resolve("go");
        ChildProcess quick = ctx.process(() -> {});
        ChildProcess waiting = ctx.process(() -> awaitInChild(go));
        quick.start();
        waiting.start();
        assertThat(quick.join(JOIN)).isTrue();
        assertThat(Multiprocess.activeChildren()).contains(waiting).doesNotContain(quick);
        touch(go);
        assertThat(waiting.join(JOIN)).isTrue();
        assertThat(Multiprocess.activeChildren()).doesNotContain(waiting, quick);
    }

    @Test
    void jvmOptionsReachTheChildAndComeAfterTheLibrarysDefaults() {
        Path out = dir.resolve("out");
        ChildProcess p = ctx.withJvmOptions("-Dmp.test.option=hello", "-XX:+UseParallelGC")
                .process(() -> write(
                        out,
                        System.getProperty("mp.test.option") + ","
                                + ManagementFactory.getGarbageCollectorMXBeans().stream()
                                        .map(GarbageCollectorMXBean::getName)
                                        .sorted()
                                        .toList()));
        p.start();
        assertThat(p.join(JOIN)).isTrue();
        assertThat(ChildFiles.read(out)).isEqualTo("hello,[PS MarkSweep, PS Scavenge]");
    }

    @Test
    void aJvmThatCannotBootReportsExitCodeOne() {
        Path err = dir.resolve("stderr.txt");
        ChildProcess p = ctx.withJvmOptions("-XX:+NoSuchOptionInAnyJvm")
                .withOutput(Redirect.INHERIT, Redirect.to(err.toFile()))
                .process(() -> {});
        p.start();
        assertThat(p.join(JOIN)).isTrue();
        assertThat(p.exitCode()).hasValue(1);
        assertThat(ChildFiles.read(err)).contains("NoSuchOptionInAnyJvm");
    }

    @Test
    void anExecutableThatIsNotJavaIsRefused() {
        assertThatThrownBy(() -> ctx.withExecutable(Path.of("/bin/true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Java 17+ installation");
        assertThatThrownBy(() -> ctx.withExecutable(dir.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void childrenCanRunAnotherJdk() throws IOException {
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
        assumeTrue(Files.isExecutable(jdk25), "no Temurin 25 on this machine");
        Path out = dir.resolve("out");
        ChildProcess p = ctx.withExecutable(jdk25)
                .process(() -> write(out, Runtime.version().feature() + ""));
        p.start();
        assertThat(p.join(JOIN)).isTrue();
        assertThat(p.exitCode()).hasValue(0);
        assertThat(ChildFiles.read(out)).isEqualTo("25");
    }

    @Test
    void theDaemonFlagIsKeptAndReachesTheChild() {
        Path out = dir.resolve("out");
        ChildProcess p =
                ctx.process(() -> write(out, Multiprocess.currentProcess().isDaemon() + ""));
        assertThat(p.isDaemon()).isFalse();
        p.setDaemon(true);
        p.start();
        assertThat(p.join(JOIN)).isTrue();
        assertThat(ChildFiles.read(out)).isEqualTo("true");
        assertThat(p.toString()).contains("daemon");
    }

    @Test
    void joinIsInterruptible() throws Exception {
        Path go = dir.resolve("go");
        ChildProcess p = ctx.process(() -> awaitInChild(go));
        p.start();
        AtomicBoolean interruptedAgain = new AtomicBoolean();
        Thread joiner = new Thread(() -> {
            try {
                p.join();
            } catch (io.multiprocess.InterruptedOperationException e) {
                interruptedAgain.set(Thread.currentThread().isInterrupted());
            }
        });
        joiner.start();
        joiner.interrupt();
        joiner.join(JOIN.toMillis());
        assertThat(interruptedAgain).isTrue();
        touch(go);
        assertThat(p.join(JOIN)).isTrue();
    }
}
