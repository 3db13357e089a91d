package io.multiprocess.queues;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.forkserver.ForkServer;
import org.junit.jupiter.api.AfterAll;

/** The queue contract with the "forkserver" start method. */
class ForkserverQueueIT extends QueueContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("forkserver").withForkserverSpares(1);
    }

    @AfterAll
    static void stopTheServer() {
        ForkServer.stop();
    }
}
