package io.multiprocess.connection;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.forkserver.ForkServer;
import org.junit.jupiter.api.AfterAll;

/** The connection contract with the "forkserver" start method. */
class ForkserverConnectionIT extends ConnectionContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("forkserver").withForkserverSpares(1);
    }

    @AfterAll
    static void stopTheServer() {
        ForkServer.stop();
    }
}
