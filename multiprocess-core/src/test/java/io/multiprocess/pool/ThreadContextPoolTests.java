package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The "thread" context (Python's multiprocessing.dummy) gives pools of threads. */
class ThreadContextPoolTests {

    @Test
    void aThreadContextsPoolIsAThreadPoolRunningInThisJvm() {
        try (Pool pool = Multiprocess.getContext("thread").pool(2)) {
            assertThat(pool).isInstanceOf(ThreadPool.class);
            long self = ProcessHandle.current().pid();
            assertThat(pool.map(x -> ProcessHandle.current().pid() == self ? x * 2 : -1, List.of(1, 2, 3)))
                    .containsExactly(2, 4, 6);
        }
    }
}
