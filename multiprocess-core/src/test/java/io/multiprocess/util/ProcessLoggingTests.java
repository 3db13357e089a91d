package io.multiprocess.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.Multiprocess;
import io.multiprocess.serialization.JdkSerializer;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.serialization.Serializer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * {@link ProcessLogging} in one JVM, whose SLF4J back end is slf4j-simple (level INFO, writing to
 * standard error). {@code UtilIT} checks children.
 */
class ProcessLoggingTests {

    private static final String PID = Long.toString(ProcessHandle.current().pid());

    @AfterEach
    void backToSlf4j() {
        ProcessLogging.stopLoggingToStderr();
    }

    @Test
    void loggersAreSharedPerName() {
        assertThat(ProcessLogging.getLogger())
                .isSameAs(Multiprocess.getLogger())
                .isSameAs(ProcessLogging.getLogger("io.multiprocess"));
        assertThat(ProcessLogging.getLogger().getName()).isEqualTo("io.multiprocess");
        assertThat(ProcessLogging.getLogger(ProcessLoggingTests.class).getName())
                .isEqualTo(ProcessLoggingTests.class.getName());
    }

    @Test
    void linesThroughSlf4jCarryTheProcessNameAndPid() {
        String err = stderrOf(
                () -> ProcessLogging.getLogger(ProcessLoggingTests.class).info("hello {} and {}", "world", 42));
        assertThat(err)
                .contains("INFO " + ProcessLoggingTests.class.getName() + " - MainProcess[" + PID
                        + "]: hello world and 42");
    }

    @Test
    void pythonsNumericLevelsMapToTheLowestSlf4jLevelThatShowsTheirLines() {
        assertThat(ProcessLogging.toLevel(ProcessLogging.SUBDEBUG)).contains(Level.TRACE);
        assertThat(ProcessLogging.toLevel(ProcessLogging.DEBUG)).contains(Level.DEBUG);
        assertThat(ProcessLogging.toLevel(ProcessLogging.INFO)).contains(Level.INFO);
        assertThat(ProcessLogging.toLevel(ProcessLogging.SUBWARNING)).contains(Level.INFO);
        assertThat(ProcessLogging.toLevel(ProcessLogging.WARNING)).contains(Level.WARN);
        assertThat(ProcessLogging.toLevel(ProcessLogging.ERROR)).contains(Level.ERROR);
        assertThat(ProcessLogging.toLevel(ProcessLogging.CRITICAL)).contains(Level.ERROR);
        assertThat(ProcessLogging.toLevel(ProcessLogging.NOTSET)).isEmpty();
        assertThat(ProcessLogging.toLevel(1)).contains(Level.TRACE);
        assertThat(ProcessLogging.toLevel(15)).contains(Level.INFO);
        assertThatThrownBy(() -> ProcessLogging.toLevel(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void setLevelFiltersBeforeSlf4jAndDescendantsTakeTheNearestAncestorsLevel() {
        MultiprocessLogger library = ProcessLogging.getLogger();
        MultiprocessLogger pool = ProcessLogging.getLogger("io.multiprocess.pool");
        assertThat(library.isInfoEnabled()).isTrue();
        library.setLevel(ProcessLogging.WARNING);
        assertThat(library.getLevel()).contains(Level.WARN);
        assertThat(pool.getLevel()).isEmpty();
        assertThat(pool.getEffectiveLevel()).contains(Level.WARN);
        assertThat(library.isInfoEnabled()).isFalse();
        assertThat(pool.isInfoEnabled()).isFalse();
        assertThat(pool.isWarnEnabled()).isTrue();
        assertThat(ProcessLogging.getLogger("com.acme.Job").isInfoEnabled()).isTrue();
        String err = stderrOf(() -> {
            pool.info("hidden by the level");
            pool.warn("shown at WARN");
        });
        assertThat(err).contains("shown at WARN").doesNotContain("hidden by the level");
        pool.setLevel(Level.INFO);
        assertThat(pool.isInfoEnabled()).isTrue();
        assertThat(ProcessLogging.getLogger("io.multiprocess.pool.worker").getEffectiveLevel())
                .contains(Level.INFO);
        // Below the back end's own level (INFO here), the back end still decides.
        library.setLevel(ProcessLogging.SUBDEBUG);
        assertThat(library.isTraceEnabled()).isFalse();
        library.setLevel(ProcessLogging.NOTSET);
        pool.setLevel((Level) null);
        assertThat(library.getLevel()).isEmpty();
        assertThat(pool.getEffectiveLevel()).isEmpty();
        assertThat(pool.isInfoEnabled()).isTrue();
    }

    @Test
    void logToStderrSetsTheLibrarysLevelWhichSetLevelChangesLater() {
        MultiprocessLogger logger = ProcessLogging.logToStderr(ProcessLogging.SUBWARNING);
        assertThat(logger.getLevel()).contains(Level.INFO);
        assertThat(logger.isDebugEnabled()).isFalse();
        logger.setLevel(ProcessLogging.SUBDEBUG);
        assertThat(logger.isTraceEnabled()).isTrue();
        String err = stderrOf(() -> logger.trace("sub-debug {}", 5));
        assertThat(err).contains("[TRACE/MainProcess] sub-debug 5");
    }

    @Test
    void logToStderrWritesTheLibrarysLinesInPythonsFormatFromTheLevelOn() {
        Logger logger = ProcessLogging.logToStderr(Level.INFO);
        assertThat(ProcessLogging.stderrLevel()).contains(Level.INFO);
        assertThat(logger.isDebugEnabled()).isFalse();
        assertThat(logger.isInfoEnabled()).isTrue();
        String err = stderrOf(() -> {
            logger.debug("not shown");
            logger.info("starting {} workers", 4);
            ProcessLogging.getLogger("io.multiprocess.pool")
                    .warn("a worker died", new IllegalStateException("exit code 137"));
            ProcessLogging.getLogger("com.acme.Job").info("a user's line");
        });
        assertThat(err)
                .doesNotContain("not shown")
                .contains("[INFO/MainProcess] starting 4 workers" + System.lineSeparator())
                .contains("[WARN/MainProcess] a worker died" + System.lineSeparator()
                        + IllegalStateException.class.getName() + ": exit code 137")
                .as("a user's logger still goes to SLF4J")
                .contains("com.acme.Job - MainProcess[" + PID + "]: a user's line");
    }

    @Test
    void logToStderrDefaultsToWarn() {
        ProcessLogging.logToStderr();
        assertThat(ProcessLogging.getLogger().isInfoEnabled()).isFalse();
        assertThat(ProcessLogging.getLogger().isWarnEnabled()).isTrue();
    }

    @Test
    void aSerializedLoggerArrivesAsTheLoggerOfTheSameName() {
        Logger logger = ProcessLogging.getLogger("io.multiprocess.test.travelling");
        for (Serializer serializer : List.of(new KryoSerializer(), new JdkSerializer())) {
            Object copy = serializer.deserialize(serializer.serialize(logger));
            assertThat(copy).as(serializer.getClass().getSimpleName()).isSameAs(logger);
        }
    }

    @Test
    void putProcessInMdcIsHarmlessWithABackEndThatIgnoresTheMdcAndMakesChildrenDoIt() {
        try {
            ProcessLogging.putProcessInMdc();
            assertThat(ProcessLogging.isProviderBound()).isTrue();
            assertThat(Boolean.getBoolean(ProcessLogging.MDC_PROPERTY)).isTrue();
        } finally {
            System.clearProperty(ProcessLogging.MDC_PROPERTY);
        }
    }

    private static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
