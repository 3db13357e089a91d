package io.multiprocess.managers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.Multiprocess;
import io.multiprocess.ProcessStateException;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Python's {@code with MyManager() as m:} in try-with-resources: {@code enter()} starts a new manager in a
 * real server process, the block's end shuts it down, and the {@code with...} methods keep the type.
 */
@Timeout(120)
@ExtendWith(NoLeftoversExtension.class)
class ManagerEnterIT {

    private final ProcessContext ctx = Multiprocess.getContext("spawn");

    @Test
    void aSubclassEnteredInTryWithResourcesStartsAndStopsItsServerProcess() throws Exception {
        BaseManagerTests.MathsManager fresh = new BaseManagerTests.MathsManager();
        fresh.withContext(ctx.settings());
        ProcessHandle server;
        try (BaseManagerTests.MathsManager manager = BaseManager.enter(fresh)) {
            assertThat(manager).isSameAs(fresh);
            server = ProcessHandle.of(manager.serverPid().getAsLong()).orElseThrow();
            assertThat(server.pid()).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(manager.maths().add(4, 3)).isEqualTo(7);
            assertThat(manager.enter()).isSameAs(manager); // entered again: as it is
        }
        server.onExit().get(ChildFiles.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(server.isAlive()).isFalse();
        assertThatThrownBy(fresh::enter)
                .isInstanceOf(ProcessStateException.class)
                .hasMessageContaining("shut down");
    }

    @Test
    void syncAndSharedMemoryManagersKeepTheirTypeThroughTheWithMethodsAndEnter() throws Exception {
        ProcessHandle server;
        try (SyncManager manager = new SyncManager()
                .withContext(ctx.settings())
                .withMaxMessageSize(1 << 20)
                .withShutdownTimeout(ChildFiles.TIMEOUT)
                .enter()) {
            server = ProcessHandle.of(manager.serverPid().getAsLong()).orElseThrow();
            ListProxy<Integer> list = manager.list(List.of(1, 2));
            list.add(3);
            assertThat(List.copyOf(list)).containsExactly(1, 2, 3);
        }
        server.onExit().get(ChildFiles.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        // Typed without starting: closing a manager that never started does nothing.
        try (SharedMemoryManager unstarted = new SharedMemoryManager()
                .withContext(ctx.settings())
                .withMaxMessageSize(1 << 20)
                .withCallTimeout(null)) {
            assertThat(unstarted.serverPid()).isEmpty();
        }
    }
}
