package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.testing.NoLeftoversExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pool contract against worker processes started with "spawn". */
@ExtendWith(NoLeftoversExtension.class)
@NoLeftoversExtension.PerClass
class ProcessPoolIT extends PoolContract {

    @Override
    Pool createPool() {
        return Multiprocess.getContext("spawn").pool(2);
    }

    @Test
    void tasksRunInOtherProcessesOfThePool() {
        long here = ProcessHandle.current().pid();
        Long pid = pool.apply(() -> ProcessHandle.current().pid());
        assertThat(pid).isNotEqualTo(here);
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid)).contains(pid);
        assertThat(pool.processes()).isEqualTo(2);
        assertThat(pool.apply(() -> Multiprocess.currentProcess().name())).matches("SpawnPoolWorker-\\d+");
        assertThat(pool.apply(() -> Multiprocess.currentProcess().isDaemon())).isTrue();
    }
}
