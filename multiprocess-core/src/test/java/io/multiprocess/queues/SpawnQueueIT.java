package io.multiprocess.queues;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;

/** The queue contract with the "spawn" start method. */
class SpawnQueueIT extends QueueContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("spawn");
    }
}
