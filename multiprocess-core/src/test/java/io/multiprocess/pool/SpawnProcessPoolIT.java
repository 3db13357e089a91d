package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import org.junit.jupiter.api.Test;

/** The pool contract against worker processes started with "spawn". */
class SpawnProcessPoolIT extends ProcessPoolContract {

    @Override
    ProcessContext context() {
        return Multiprocess.getContext("spawn");
    }

    @Override
    String workerName() {
        return "SpawnPoolWorker-\\d+";
    }

    @Test
    void workersAreChildrenOfThisJvm() {
        Long pid = pool.apply(() -> ProcessHandle.current().pid());
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid)).contains(pid);
    }
}
