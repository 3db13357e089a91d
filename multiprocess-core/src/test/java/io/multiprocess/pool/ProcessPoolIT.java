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
    void lambdasWrittenInTheCallPickTheSerializableOverloads() throws Exception {
        // Compatible with Callable and Runnable alike: javac picks submit(SerializableCallable).
        AsyncResult<Integer> value = pool.submit(() -> Integer.valueOf(42));
        assertThat(value.result(WAIT)).isEqualTo(42);
        // Only void-compatible: submit(SerializableRunnable).
        AsyncResult<?> nothing = pool.submit(() -> System.out.flush());
        assertThat(nothing.get()).isNull();
        AsyncResult<String> given = pool.submit(() -> System.out.flush(), "given");
        assertThat(given.result(WAIT)).isEqualTo("given");
        pool.execute(() -> System.out.flush());
        assertThat(pool.apply(() -> "serializable")).isEqualTo("serializable");
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
