package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** The pool contract against threads: Python's ThreadPool and multiprocessing.dummy.Pool. */
class ThreadPoolTests extends PoolContract {

    @Override
    Pool createPool() {
        return new ThreadPool(2);
    }

    @Test
    void tasksRunOnThreadsOfThisJvm() throws Exception {
        assertThat(pool.apply(() -> ProcessHandle.current().pid()))
                .isEqualTo(ProcessHandle.current().pid());
        assertThat(pool.apply(() -> Thread.currentThread().getName()))
                .startsWith("multiprocess-pool-")
                .contains("-thread-");
        // Anything goes on threads, even a lambda typed as a plain Callable.
        Callable<Thread> notSerializable = Thread::currentThread;
        assertThat(pool.submit(notSerializable).get()).isNotNull();
    }
}
