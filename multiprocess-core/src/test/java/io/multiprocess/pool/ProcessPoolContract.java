package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.testing.NoLeftoversExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pool contract against worker processes, and what only worker processes do: run once per start
 * method that starts processes by a subclass.
 */
@Timeout(300)
@ExtendWith(NoLeftoversExtension.class)
@NoLeftoversExtension.PerClass
abstract class ProcessPoolContract extends PoolContract {

    /**
     * The context under test.
     *
     * @return a context of the start method under test
     */
    abstract ProcessContext context();

    /**
     * The name a worker of this start method has, as Python names it ({@code SpawnPoolWorker-1}).
     *
     * @return a regular expression
     */
    abstract String workerName();

    @Override
    Pool createPool() {
        return context().pool(2);
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
        // A descendant: spawn's workers are children of this JVM, forkserver's children of its server.
        assertThat(ProcessHandle.current().descendants().map(ProcessHandle::pid))
                .contains(pid);
        assertThat(pool.processes()).isEqualTo(2);
        assertThat(pool.apply(() -> Multiprocess.currentProcess().name())).matches(workerName());
        assertThat(pool.apply(
                        () -> Multiprocess.parentProcess().orElseThrow().pid().getAsLong()))
                .isEqualTo(here);
        assertThat(pool.apply(() -> Multiprocess.currentProcess().isDaemon())).isTrue();
    }
}
