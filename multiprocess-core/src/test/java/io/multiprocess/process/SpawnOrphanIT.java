package io.multiprocess.process;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;

/** The orphan contract with the "spawn" start method. */
class SpawnOrphanIT extends OrphanContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("spawn");
    }
}
