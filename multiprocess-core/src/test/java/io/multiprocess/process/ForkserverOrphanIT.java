package io.multiprocess.process;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.forkserver.ForkServer;
import org.junit.jupiter.api.AfterAll;

/**
 * The orphan contract with the "forkserver" start method: the parent is a forkserver child, and so is the
 * grandchild, through a forkserver of the parent's own, which must die with the parent too.
 */
class ForkserverOrphanIT extends OrphanContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("forkserver").withForkserverSpares(1);
    }

    @AfterAll
    static void stopTheServer() {
        ForkServer.stop();
    }
}
