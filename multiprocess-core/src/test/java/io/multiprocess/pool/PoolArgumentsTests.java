package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Arguments a host cannot survive, or that make no sense, are refused before anything starts. */
class PoolArgumentsTests {

    private final ProcessContext spawn = Multiprocess.getContext("spawn");

    @Test
    void aWorkerCountThatCannotFitInMemoryIsRefusedBeforeAnyWorkerStarts() {
        long childrenBefore = ProcessHandle.current().children().count();
        assertThatThrownBy(() -> spawn.pool(100_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100000 worker processes")
                .hasMessageContaining("64 MiB each")
                .hasMessageContaining("of memory")
                .hasMessageContaining("allowMemoryOvercommit(true)");
        assertThat(ProcessHandle.current().children().count()).isEqualTo(childrenBefore);
    }

    @Test
    void theHeapOfTheWorkersCountsWhenItIsCapped() {
        long physical = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        int workers = (int) (physical / (4L << 30)) + 1;
        PoolBuilder builder = spawn.withJvmOptions("-Xmx4g").poolBuilder().processes(workers);
        assertThatThrownBy(builder::validate)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-Xmx of 4.0 GiB")
                .hasMessageContaining(workers + " worker processes");
        builder.allowMemoryOvercommit(true).validate();
    }

    @Test
    void heapOptionsAreReadAsTheJvmReadsThem() {
        assertThat(PoolBuilder.maxHeap(List.of())).isZero();
        assertThat(PoolBuilder.maxHeap(List.of("-Xmx512m"))).isEqualTo(512L << 20);
        assertThat(PoolBuilder.maxHeap(List.of("-Xmx2G", "-Xmx1g"))).isEqualTo(1L << 30);
        assertThat(PoolBuilder.maxHeap(List.of("-XX:MaxHeapSize=1048576"))).isEqualTo(1L << 20);
        assertThat(PoolBuilder.maxHeap(List.of("-Xmxnonsense"))).isZero();
    }

    @Test
    void zeroOrNegativeCountsAndTimeoutsAreRefused() {
        assertThatThrownBy(() -> spawn.pool(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> spawn.pool(-3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pool.builder().processes(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pool.builder().taskTimeout(Duration.ofSeconds(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> Pool.builder().maxTasksPerChild(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
