package io.multiprocess.managers;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.forkserver.ForkServer;
import org.junit.jupiter.api.AfterAll;

/** The SyncManager contract with the "forkserver" start method: the manager's server is a forkserver child too. */
class ForkserverSyncManagerIT extends SyncManagerContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("forkserver").withForkserverSpares(1);
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
