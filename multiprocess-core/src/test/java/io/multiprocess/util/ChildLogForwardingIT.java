package io.multiprocess.util;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A child's SLF4J lines reach the parent's logging back end (slf4j-simple here, which writes to standard
 * error), tagged with the child's name and pid, and the child prints nothing of SLF4J's own.
 */
@ExtendWith(NoLeftoversExtension.class)
class ChildLogForwardingIT {

    @TempDir
    Path dir;

    @Test
    void aChildsLinesReachTheParentsLoggerTaggedWithItsNameAndPid() throws Exception {
        Path err = dir.resolve("err");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        ChildProcess child;
        try (ProcessLogging.ChildLogForwarding forwarding = ProcessLogging.forwardChildLogs()) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            child = Multiprocess.getContext("spawn")
                    .withOutput(Redirect.INHERIT, Redirect.to(err.toFile()))
                    .process(() -> {
                        LoggerFactory.getLogger("forwarding.test").info("hello from {}", "the child");
                        LoggerFactory.getLogger("forwarding.test").debug("below the parent's level");
                        ProcessLogging.getLogger("forwarding.library").warn("a library line");
                    });
            child.start();
            assertThat(child.join(ChildFiles.TIMEOUT)).isTrue();
            assertThat(child.exitCode()).hasValue(0);
            // The parent logs on its reader thread; the child wrote both lines, in order, before it exited.
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> captured.toString(StandardCharsets.UTF_8).contains("a library line"));
        } finally {
            System.setErr(original);
        }
        String tag = child.name() + "[" + child.pid().orElseThrow() + "]: ";
        String parentLog = captured.toString(StandardCharsets.UTF_8);
        assertThat(parentLog)
                .contains("INFO forwarding.test - " + tag + "hello from the child")
                .contains("WARN forwarding.library - " + tag + "a library line")
                .doesNotContain("below the parent's level");
        assertThat(parentLog.indexOf("a library line"))
                .as("once, not prefixed twice")
                .isEqualTo(parentLog.lastIndexOf("a library line"));
        assertThat(Files.readString(err)).doesNotContain("SLF4J").doesNotContain("hello");
    }
}
