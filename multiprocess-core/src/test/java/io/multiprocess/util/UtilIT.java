package io.multiprocess.util;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/** {@code io.multiprocess.util} in real child JVMs: exit callbacks, temporary directories, logging. */
@ExtendWith(NoLeftoversExtension.class)
class UtilIT {

    /** Keeps objects watched by finalizers reachable in a child, so that only the exit runs them. */
    static final List<Object> KEPT = new ArrayList<>();

    @TempDir
    Path dir;

    private final ProcessContext ctx = Multiprocess.getContext("spawn");

    @AfterEach
    void backToSlf4j() {
        ProcessLogging.stopLoggingToStderr();
    }

    @Test
    void exitCallbacksRunOnceInPriorityOrderAroundTheChildrenAndBeforeTheTempDirIsRemoved() {
        String log = dir.resolve("log").toString();
        Path err = dir.resolve("err");
        ChildProcess child = ctx.withOutput(Redirect.INHERIT, Redirect.to(err.toFile()))
                .process(() -> {
                    ChildProcess daemon = Multiprocess.getContext().process(ChildFiles::sleepForever);
                    daemon.setDaemon(true);
                    daemon.start();
                    Path tmp = ProcessTempDir.get();
                    Finalize.atExit(() -> append(log, "p10"), 10);
                    Finalize.atExit(() -> append(log, "p0-first"), 0);
                    Finalize.atExit(() -> append(log, "p0-second"), 0);
                    Finalize.atExit(() -> append(log, "p1 daemon alive=" + daemon.isAlive()), 1);
                    Finalize.atExit(() -> append(log, "m1 daemon alive=" + daemon.isAlive()), -1);
                    Finalize.atExit(
                            () -> {
                                throw new IllegalStateException("a failing exit callback");
                            },
                            5);
                    Finalize.atExit(() -> append(log, "m50 tmp=" + Files.exists(tmp)), -50);
                    Finalize.atExit(() -> append(log, "m200 tmp=" + Files.exists(tmp)), -200);
                    Object watched = new Object();
                    KEPT.add(watched);
                    Finalize.register(watched, () -> append(log, "p2 watched"), 2);
                    Finalize.register(new Object(), () -> append(log, "gc only, never at exit"));
                    Finalize.atExit(() -> append(log, "early"), 20).run();
                    Finalize.atExit(() -> append(log, "cancelled"), 30).cancel();
                });
        child.start();
        assertThat(child.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(child.exitCode()).hasValue(0);

        assertThat(ChildFiles.read(Path.of(log)).lines())
                .containsExactly(
                        "early",
                        "p10",
                        "p2 watched",
                        "p1 daemon alive=true",
                        "p0-second",
                        "p0-first",
                        "m1 daemon alive=false",
                        "m50 tmp=true",
                        "m200 tmp=false");
        assertThat(ChildFiles.read(err)).contains("a failing exit callback");
    }

    enum Exit {
        RETURN,
        SYSTEM_EXIT,
        TERMINATE
    }

    @ParameterizedTest
    @EnumSource(Exit.class)
    void theTempDirIsRemovedAndExitCallbacksRunOnEveryOrderlyExit(Exit exit) {
        String pathFile = dir.resolve("path").toString();
        String log = dir.resolve("log").toString();
        ChildProcess child = ctx.process(() -> {
            Path tmp = ProcessTempDir.get();
            write(tmp.resolve("listener.sock"), "in use");
            Finalize.atExit(() -> append(log, "ran"), 0);
            ChildFiles.write(Path.of(pathFile), tmp + "|" + permissions(tmp));
            switch (exit) {
                case RETURN -> {}
                case SYSTEM_EXIT -> System.exit(3);
                case TERMINATE -> ChildFiles.sleepForever();
            }
        });
        child.start();
        String[] reported = ChildFiles.await(Path.of(pathFile)).split("\\|");
        Path tmp = Path.of(reported[0]);
        assertThat(tmp.getFileName().toString()).startsWith("mpj-" + child.pid().getAsLong() + "-");
        assertThat(reported[1]).isEqualTo("rwx------");
        if (exit == Exit.TERMINATE) {
            child.terminate();
        }
        assertThat(child.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(child.exitCode())
                .hasValue(
                        switch (exit) {
                            case RETURN -> 0;
                            case SYSTEM_EXIT -> 3;
                            case TERMINATE -> -15;
                        });
        assertThat(tmp).doesNotExist();
        assertThat(ChildFiles.read(Path.of(log))).isEqualTo("ran\n");
    }

    @Test
    void theTempDirOfAKilledProcessIsRemovedByTheNextProcessThatUsesItsOwn() {
        String pathFile = dir.resolve("path").toString();
        ChildProcess killed = ctx.process(() -> {
            ChildFiles.write(Path.of(pathFile), ProcessTempDir.get().toString());
            ChildFiles.sleepForever();
        });
        killed.start();
        Path leftover = Path.of(ChildFiles.await(Path.of(pathFile)));
        killed.kill();
        assertThat(killed.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(killed.exitCode()).hasValue(-9);
        assertThat(leftover).as("SIGKILL runs no exit callback").isDirectory();

        ChildProcess next = ctx.process(() -> ProcessTempDir.get());
        next.start();
        assertThat(next.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(next.exitCode()).hasValue(0);
        assertThat(leftover).doesNotExist();
    }

    @Test
    void logToStderrReachesChildrenAndGrandchildrenInPythonsFormat() {
        Path err = dir.resolve("err");
        ProcessLogging.logToStderr(Level.INFO);
        ChildProcess child = ctx.withOutput(Redirect.INHERIT, Redirect.to(err.toFile()))
                .process(() -> {
                    Multiprocess.getLogger().info("child says {}", 1);
                    ChildProcess grandchild = Multiprocess.getContext().process(() -> {
                        ProcessLogging.getLogger().debug("not shown");
                        ProcessLogging.getLogger("io.multiprocess.pool").info("grandchild says {}", 2);
                    });
                    grandchild.start();
                    grandchild.join();
                });
        child.start();
        assertThat(child.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(child.exitCode()).hasValue(0);
        assertThat(ChildFiles.read(err).lines())
                .contains("[INFO/" + child.name() + "] child says 1", "[INFO/" + child.name() + ":1] grandchild says 2")
                .noneMatch(line -> line.contains("not shown"));
    }

    @Test
    void childrenInheritTheLoggersLevelsSetBeforeTheyStart() {
        Path err = dir.resolve("levels");
        ProcessLogging.logToStderr(ProcessLogging.WARNING).setLevel(ProcessLogging.SUBDEBUG);
        ProcessLogging.getLogger("io.multiprocess.pool").setLevel(ProcessLogging.WARNING);
        ChildProcess child = ctx.withOutput(Redirect.INHERIT, Redirect.to(err.toFile()))
                .process(() -> {
                    MultiprocessLogger logger = ProcessLogging.getLogger();
                    logger.trace(
                            "sub-debug in the child at {}", logger.getLevel().orElseThrow());
                    ProcessLogging.getLogger("io.multiprocess.pool.worker").info("pool info not shown");
                    ProcessLogging.getLogger("io.multiprocess.pool.worker").warn("pool warning");
                });
        child.start();
        assertThat(child.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(child.exitCode()).hasValue(0);
        assertThat(ChildFiles.read(err).lines())
                .contains(
                        "[TRACE/" + child.name() + "] sub-debug in the child at TRACE",
                        "[WARN/" + child.name() + "] pool warning")
                .noneMatch(line -> line.contains("not shown"));
    }

    @Test
    void putProcessInMdcTagsTheThreadAndTheMainThreadOfEveryLaterDescendant() {
        String out = dir.resolve("mdc").toString();
        String grandchildOut = dir.resolve("grandchild").toString();
        ChildProcess child = ctx.withJvmOptions("-Dslf4j.provider=io.multiprocess.testing.MdcProvider")
                .process(() -> {
                    String atStart = MDC.get(ProcessLogging.PROCESS_NAME_KEY);
                    ProcessLogging.putProcessInMdc();
                    String main = MDC.get(ProcessLogging.PROCESS_NAME_KEY) + "/" + MDC.get(ProcessLogging.PID_KEY);
                    String[] other = new String[2];
                    Thread thread = new Thread(() -> {
                        MDC.clear(); // this back end's MDC is inherited by new threads; Logback's is not
                        other[0] = MDC.get(ProcessLogging.PROCESS_NAME_KEY);
                        ProcessLogging.putProcessInMdc();
                        other[1] = MDC.get(ProcessLogging.PROCESS_NAME_KEY);
                    });
                    thread.start();
                    try {
                        thread.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ChildProcess grandchild = Multiprocess.getContext()
                            .process(() -> ChildFiles.write(
                                    Path.of(grandchildOut),
                                    MDC.get(ProcessLogging.PROCESS_NAME_KEY) + "/" + MDC.get(ProcessLogging.PID_KEY)));
                    grandchild.start();
                    grandchild.join();
                    ChildFiles.write(
                            Path.of(out),
                            atStart + "|" + main + "|" + other[0] + "|" + other[1] + "|" + grandchild.name() + "/"
                                    + grandchild.pid().getAsLong());
                });
        child.start();
        assertThat(child.join(ChildFiles.TIMEOUT)).isTrue();
        String[] fields = ChildFiles.read(Path.of(out)).split("\\|");
        assertThat(fields)
                .containsExactly("null", child.name() + "/" + child.pid().getAsLong(), "null", child.name(), fields[4]);
        assertThat(ChildFiles.read(Path.of(grandchildOut)))
                .as("inherited by the grandchild")
                .isEqualTo(fields[4]);
    }

    private static void append(String file, String line) {
        try {
            Files.writeString(Path.of(file), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
