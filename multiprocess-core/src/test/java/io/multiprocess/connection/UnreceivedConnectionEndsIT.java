package io.multiprocess.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.StartMethod;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A connection end sent to a child that never receives it (killed at once, or unable to boot) is released
 * in the parent once that child has ended; before, each one held a descriptor for the parent's lifetime.
 */
@ExtendWith(NoLeftoversExtension.class)
class UnreceivedConnectionEndsIT {

    private static final Duration LIMIT = ChildFiles.TIMEOUT;

    @Test
    @Timeout(300)
    void pipeEndsSentToChildrenThatNeverReceiveThemAreReleased() throws Exception {
        Pipe pipe = Multiprocess.pipe(true);
        try {
            // Warm-up: one child that receives the end, so the sharer and its thread exist before counting.
            ChildProcess warm = Multiprocess.getContext().process(Connection::close, pipe.second());
            warm.start();
            assertThat(warm.join(LIMIT)).isTrue();
            assertThat(warm.exitCode()).hasValue(0);
            int baseline = openDescriptors();

            List<ChildProcess> children = new ArrayList<>();
            // Killed at once, before their JVM could fetch the end.
            for (int i = 0; i < 10; i++) {
                ChildProcess child = Multiprocess.getContext().process(Connection::close, pipe.second());
                child.start();
                child.kill();
                children.add(child);
            }
            // Cannot boot: the JVM refuses an option and exits before reading its task.
            ProcessContext broken = ProcessContext.of(StartMethod.SPAWN).withJvmOptions("-XX:+NoSuchOptionForThisTest");
            for (int i = 0; i < 10; i++) {
                ChildProcess child = broken.process(Connection::close, pipe.second());
                child.start();
                children.add(child);
            }
            for (ChildProcess child : children) {
                assertThat(child.join(LIMIT)).isTrue();
                assertThat(child.exitCode().orElseThrow()).isNotZero();
            }
            Awaitility.await("descriptors back to the baseline of " + baseline)
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> openDescriptors() <= baseline);
        } finally {
            pipe.close();
        }
    }

    private static int openDescriptors() {
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            return (int) entries.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
