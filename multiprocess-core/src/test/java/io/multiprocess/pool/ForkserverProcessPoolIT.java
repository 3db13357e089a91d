package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.forkserver.ForkServer;
import io.multiprocess.process.ForkServerClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The pool contract against worker processes started with "forkserver". */
class ForkserverProcessPoolIT extends ProcessPoolContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("forkserver").withForkserverSpares(1);
    }

    @Override
    String workerName() {
        return "ForkServerPoolWorker-\\d+";
    }

    @Test
    void workersAreChildrenOfTheForkserver() {
        Long pid = pool.apply(() -> ProcessHandle.current().pid());
        assertThat(ForkServerClient.serverPid()).isPresent();
        assertThat(ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid))
                .isEqualTo(ForkServerClient.serverPid());
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
