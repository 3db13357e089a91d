package io.multiprocess.managers;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.forkserver.ForkServer;
import org.junit.jupiter.api.AfterAll;

/** The shared-memory manager contract with the "forkserver" start method. */
class ForkserverSharedMemoryManagerIT extends SharedMemoryManagerContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("forkserver").withForkserverSpares(1);
    }

    @AfterAll
    static void stopTheServer() {
        ForkServer.stop();
    }
}
