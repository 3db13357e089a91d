package io.multiprocess.connection;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;

/** The connection contract with the "spawn" start method. */
class SpawnConnectionIT extends ConnectionContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("spawn");
    }
}
