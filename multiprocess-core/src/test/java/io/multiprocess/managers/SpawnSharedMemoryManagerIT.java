package io.multiprocess.managers;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;

/** The shared-memory manager contract with the "spawn" start method. */
class SpawnSharedMemoryManagerIT extends SharedMemoryManagerContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("spawn");
    }
}
