package io.multiprocess.synchronize;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;

/** The synchronization contract with the "spawn" start method. */
class SpawnSynchronizeIT extends SynchronizeContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("spawn");
    }
}
