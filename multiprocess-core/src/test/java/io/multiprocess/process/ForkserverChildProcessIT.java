package io.multiprocess.process;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.forkserver.ForkServer;
import org.junit.jupiter.api.AfterAll;

/** The process contract with the "forkserver" start method. */
class ForkserverChildProcessIT extends ChildProcessContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("forkserver").withForkserverSpares(1);
    }

    @AfterAll
    static void stopTheServer() {
        ForkServer.stop();
    }
}
