package io.multiprocess.managers;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;

/** The SyncManager contract with the "spawn" start method. */
class SpawnSyncManagerIT extends SyncManagerContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("spawn");
    }
}
