package io.multiprocess.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.managers.SharedMemoryManager;
import io.multiprocess.pool.Pool;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.queues.ProcessQueue;
import io.multiprocess.sharedctypes.SharedValue;
import io.multiprocess.sharedctypes.TypeCode;
import io.multiprocess.sharedmemory.SharedMemory;
import io.multiprocess.synchronize.ProcessEvent;
import io.multiprocess.synchronize.ProcessLock;
import io.multiprocess.testing.NoLeftoversExtension;
import io.multiprocess.testing.OsProcesses;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * One lifecycle per application context: what the {@code ProcessContext} bean created (processes, a
 * pool, a shared-memory manager, segments, socket files) is gone once its application context closed,
 * with two application contexts open in one JVM at once, while what plain {@code Multiprocess.*} created
 * stays.
 */
@ExtendWith(NoLeftoversExtension.class)
class ApplicationContextLifecycleIT {

    private static final Path SHM = Path.of("/dev/shm");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(MultiprocessAutoConfiguration.class, MultiprocessPoolAutoConfiguration.class))
            .withPropertyValues("multiprocess.pool.processes=1", "multiprocess.child.jvm-options=-Xmx64m");

    @Test
    void closingAnApplicationContextReleasesWhatItsBeansCreated() {
        SharedValue plain = Multiprocess.getContext("spawn").value(TypeCode.INT, 7);
        try {
            Made outer = new Made();
            Made inner = new Made();
            runner.run(first -> {
                outer.use(first);
                runner.run(second -> {
                    inner.use(second);
                    outer.assertAlive();
                });
                inner.assertReleased();
                outer.assertAlive();
            });
            outer.assertReleased();
            assertThat(SHM.resolve(plain.name())).exists();
            assertThat(plain.get()).isEqualTo(7);
        } finally {
            plain.unlink();
        }
    }

    /** What one application context's beans made, to look for after it closed. */
    private static final class Made {

        final List<Long> pids = new ArrayList<>();
        final List<String> segments = new ArrayList<>();
        final List<Object> held = new ArrayList<>();
        Path managerSocket;

        void use(AssertableApplicationContext context) throws Exception {
            ProcessContext processes = context.getBean(ProcessContext.class);
            ProcessEvent never = processes.event();
            ProcessLock lock = processes.lock();
            SharedValue value = processes.value(TypeCode.LONG, 1L);
            ProcessQueue<String> queue = processes.queue(0);
            queue.put("left in the queue");
            // Held while the context is open: objects dropped earlier are unlinked by the garbage collector.
            held.addAll(List.of(never, lock, value, queue));
            segments.addAll(List.of(never.name(), lock.name(), value.name()));

            ChildProcess child = processes.process(never::await);
            child.start();
            pids.add(child.pid().orElseThrow());

            Pool built = processes.withJvmOptions("-Xmx48m").pool(1);
            pids.add(built.apply(() -> ProcessHandle.current().pid()));
            pids.add(context.getBean(Pool.class)
                    .apply(() -> ProcessHandle.current().pid()));

            SharedMemoryManager manager = processes.sharedMemoryManager();
            SharedMemory block = manager.sharedMemory(64);
            held.add(block);
            segments.add(block.name());
            pids.add(manager.serverPid().orElseThrow());
            managerSocket = ((UnixDomainSocketAddress) manager.address()).getPath();
            assertAlive();
        }

        void assertAlive() {
            assertThat(pids)
                    .allSatisfy(pid -> assertThat(OsProcesses.hasExited(pid))
                            .as("process %d", pid)
                            .isFalse());
            assertThat(segments)
                    .allSatisfy(name -> assertThat(SHM.resolve(name)).exists());
            assertThat(managerSocket).exists();
        }

        void assertReleased() {
            assertThat(pids)
                    .allSatisfy(pid -> assertThat(OsProcesses.hasExited(pid))
                            .as("process %d of the closed context", pid)
                            .isTrue());
            assertThat(segments)
                    .allSatisfy(name -> assertThat(SHM.resolve(name))
                            .as("segment of the closed context")
                            .doesNotExist());
            assertThat(managerSocket).as("socket file of the closed context").doesNotExist();
            held.clear();
        }
    }
}
