package io.multiprocess.managers;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.forkserver.ForkServer;
import io.multiprocess.process.ForkServerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The SyncManager contract with the "forkserver" start method: the manager's server is a forkserver child too. */
class ForkserverSyncManagerIT extends SyncManagerContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("forkserver").withForkserverSpares(1);
    }

    @Test
    void theManagersServerIsAChildOfTheForkserver() {
        long server = manager.serverPid().getAsLong();
        assertThat(ForkServerClient.serverPid()).isPresent();
        assertThat(ProcessHandle.of(server).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                .isEqualTo(ForkServerClient.serverPid());
    }

    /**
     * Shuts the class's manager down first: stopping the forkserver kills the children it started, and
     * a subclass's {@code @AfterAll} would run before the contract's.
     */
    @AfterAll
    @Override
    void stop() {
        try {
            super.stop();
        } finally {
            ForkServer.stop();
        }
    }
}
