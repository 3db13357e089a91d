package io.multiprocess.process;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;

/** The process contract with the "spawn" start method. */
class SpawnChildProcessIT extends ChildProcessContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("spawn");
    }
}
