package io.multiprocess.queues;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM ends a child whose exit waits to flush a queue that nobody reads, as it ends a Python child;
 * before, the flush hook waited for ever and only SIGKILL ended it.
 */
@ExtendWith(NoLeftoversExtension.class)
class TerminateWhileFlushingIT {

    private static final Duration LIMIT = ChildFiles.TIMEOUT;

    @Test
    @Timeout(120)
    void terminateEndsAChildWhoseExitWaitsToFlushAQueueNobodyReads(@TempDir Path dir) {
        ProcessQueue<byte[]> queue = Multiprocess.queue(0);
        Path returning = dir.resolve("returning");
        // 8 MiB of items for a 4 MiB ring that nobody reads: most stay in the feeder's buffer at exit.
        ChildProcess producer = Multiprocess.process(() -> {
            for (int i = 0; i < 80; i++) {
                queue.put(new byte[100 * 1024], Duration.ZERO);
            }
            ChildFiles.touch(returning);
        });
        producer.start();
        try {
            ChildFiles.await(returning);
            long before = System.nanoTime();
            producer.terminate();
            assertThat(producer.join(Duration.ofSeconds(10)))
                    .as("the child ended within 10 s of terminate()")
                    .isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
            assertThat(producer.exitCode()).hasValue(-15);
        } finally {
            producer.kill();
            producer.join(LIMIT);
            queue.close();
        }
    }
}
