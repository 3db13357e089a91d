package io.multiprocess.pool;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.forkserver.ForkServer;
import org.junit.jupiter.api.AfterAll;

/** The pool contract against worker processes started with "forkserver". */
class ForkserverProcessPoolIT extends ProcessPoolContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("forkserver").withForkserverSpares(1);
    }

    @Override
    String workerName() {
        return "ForkserverPoolWorker-\\d+";
    }

    /**
     * Shuts the class's pool down first: stopping the forkserver kills the children it started, and a
     * subclass's {@code @AfterAll} would run before the contract's.
     */
    @AfterAll
    @Override
    void stopPool() {
        try {
            super.stopPool();
        } finally {
            ForkServer.stop();
        }
    }
}
