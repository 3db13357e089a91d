package io.multiprocess.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.pool.Pool;
import io.multiprocess.testing.NoLeftoversExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A child JVM's heap read from its performance-data file, and nothing where there is none. */
@ExtendWith(NoLeftoversExtension.class)
class JvmHeapReaderTests {

    private static final long MIB = 1 << 20;

    @Test
    void aWorkerThatPublishesPerformanceDataShowsItsHeap() {
        JvmHeapReader reader = new JvmHeapReader();
        try (ProcessContext context = Multiprocess.getContext("spawn")
                        .withJvmOptions("-XX:+UsePerfData", "-Xmx32m")
                        .scoped();
                Pool pool = context.pool(1)) {
            long pid = pool.apply(() -> {
                byte[] kept = new byte[(int) (4 * MIB)];
                kept[kept.length - 1] = 1;
                return ProcessHandle.current().pid() + kept[0];
            });
            assertThat(reader.read(pid)).hasValueSatisfying(heap -> {
                assertThat(heap.usedBytes()).isPositive().isLessThanOrEqualTo(32 * MIB);
                assertThat(heap.maxBytes()).isBetween(16 * MIB, 32 * MIB);
            });
        }
    }

    @Test
    void aProcessWithoutPerformanceDataHasNoHeap() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            assertThat(new JvmHeapReader().read(sleep.pid())).isEmpty();
        } finally {
            sleep.destroyForcibly();
            assertThat(sleep.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aFileInAnotherFormatIsIgnored(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("42"), new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xc0, (byte) 0xc0, 1, 9, 0, 1});
        Files.write(dir.resolve("43"), new byte[] {(byte) 0xca, (byte) 0xfe, (byte) 0xc0, (byte) 0xc0, 1, 2, 0, 1});
        JvmHeapReader reader = new JvmHeapReader(dir);
        assertThat(reader.read(42)).isEmpty();
        assertThat(reader.read(43)).isEmpty();
        assertThat(reader.read(44)).isEmpty();
    }
}
