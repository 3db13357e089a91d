package io.multiprocess.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.Multiprocess;
import io.multiprocess.ProcessStateException;
import io.multiprocess.managers.SharedMemoryManager;
import io.multiprocess.pool.Pool;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.queues.ProcessQueue;
import io.multiprocess.sharedctypes.SharedArray;
import io.multiprocess.sharedctypes.SharedValue;
import io.multiprocess.sharedctypes.TypeCode;
import io.multiprocess.sharedmemory.SharedMemory;
import io.multiprocess.synchronize.ProcessEvent;
import io.multiprocess.synchronize.ProcessLock;
import io.multiprocess.testing.NoLeftoversExtension;
import io.multiprocess.testing.OsProcesses;
import io.multiprocess.util.ProcessTempDir;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scoped contexts of real processes: closing one ends its children, pools and managers and unlinks its
 * segments, while what plain {@code Multiprocess.*} created stays; several scopes in one JVM.
 */
@ExtendWith(NoLeftoversExtension.class)
class ScopedContextIT {

    private static final Path SHM = Path.of("/dev/shm");

    @Test
    void closeReleasesWhatTheScopeCreatedAndLeavesPlainResources() throws Exception {
        SharedValue plain = Multiprocess.getContext("spawn").value(TypeCode.INT, 7);
        try {
            for (int round = 0; round < 2; round++) {
                List<Long> pids = new ArrayList<>();
                List<String> segments = new ArrayList<>();
                Path managerSocket;
                ProcessContext scope = Multiprocess.scopedContext("spawn");
                try (ProcessContext ctx = scope) {
                    ProcessEvent never = ctx.event();
                    segments.add(never.name());
                    // Held until the end: dropped ones would be unlinked by the garbage collector anyway.
                    ProcessLock lock = ctx.lock();
                    segments.add(lock.name());
                    SharedValue value = ctx.value(TypeCode.LONG, 1L);
                    segments.add(value.name());
                    SharedArray array = ctx.array(TypeCode.INT, 4);
                    segments.add(array.name());
                    ProcessQueue<String> queue = ctx.queue(0);
                    queue.put("left in the queue");

                    // A child that would wait forever, started from a context derived from the scope.
                    ChildProcess child = ctx.withJvmOptions("-Xmx64m").process(never::await);
                    child.start();
                    pids.add(child.pid().orElseThrow());

                    Pool pool = ctx.pool(1);
                    pids.add(pool.apply(() -> ProcessHandle.current().pid()));

                    SharedMemoryManager manager = ctx.sharedMemoryManager();
                    SharedMemory block = manager.sharedMemory(64);
                    segments.add(block.name());
                    pids.add(manager.serverPid().orElseThrow());
                    managerSocket = ((UnixDomainSocketAddress) manager.address()).getPath();

                    assertThat(segments)
                            .allSatisfy(name -> assertThat(SHM.resolve(name)).exists());
                    assertThat(poolSockets()).isNotEmpty();
                    assertThat(managerSocket).exists();
                    assertThat(List.of(lock, value, array, queue)).doesNotContainNull();
                }

                assertThat(pids)
                        .allSatisfy(pid -> assertThat(OsProcesses.hasExited(pid))
                                .as("process %d of the closed context", pid)
                                .isTrue());
                assertThat(segments)
                        .allSatisfy(name -> assertThat(SHM.resolve(name))
                                .as("segment of the closed context")
                                .doesNotExist());
                assertThat(poolSockets()).isEmpty();
                assertThat(managerSocket).doesNotExist();
                assertThat(scope.isClosed()).isTrue();
                assertThatThrownBy(scope::lock)
                        .isInstanceOf(ProcessStateException.class)
                        .hasMessageContaining("closed");
                assertThatThrownBy(() -> scope.withJvmOptions("-Xmx32m").pool(1))
                        .isInstanceOf(ProcessStateException.class);

                assertThat(SHM.resolve(plain.name())).exists();
                assertThat(plain.get()).isEqualTo(7);
            }
        } finally {
            plain.unlink();
        }
    }

    private static List<Path> poolSockets() throws IOException {
        Path dir = ProcessTempDir.existing().orElse(null);
        if (dir == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("pool-"))
                    .toList();
        }
    }
}
