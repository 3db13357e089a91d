package io.multiprocess.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.pool.TaskTimeoutException;
import io.multiprocess.pool.WorkerLostException;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.function.SerializableBiFunction;
import io.multiprocess.managers.DictProxy;
import io.multiprocess.managers.LockProxy;
import io.multiprocess.managers.SyncManager;
import io.multiprocess.pool.AsyncResult;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.ResultIterator;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.testing.NoLeftoversExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Java examples of the root README and of {@code multiprocess-core/README.md}, run with real
 * processes. Each region between {@code tag::name[]} and {@code end::name[]} is the text of the README
 * block marked {@code <!-- snippet: name -->}; {@link DocumentationSnippetsTests} checks that they match.
 * Assertions sit between parts of a region, so they stay out of the README.
 */
@ExtendWith(NoLeftoversExtension.class)
class ReadmeExamplesIT {

    @Test
    void quickStartProcess() {
        // tag::quick-start-process[]
        ProcessContext ctx = Multiprocess.getContext("spawn").withJvmOptions("-Xmx256m");
        int n = 42;                                                    // captured values travel with the lambda
        ChildProcess p = ctx.process(() -> System.out.println(n * n)); // runs in a new JVM
        p.start();
        p.join(Duration.ofSeconds(30));
        System.out.println(p.exitCode());                              // OptionalInt[0]
        // end::quick-start-process[]
        assertThat(p.exitCode()).isEqualTo(OptionalInt.of(0));
    }

    @Test
    void quickStartPool() {
        // tag::quick-start-pool[]
        try (Pool pool = Multiprocess.pool(2)) {                       // two worker JVMs
            List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3, 4));
            System.out.println(squares);                               // [1, 4, 9, 16]
            // end::quick-start-pool[]
            assertThat(squares).containsExactly(1, 4, 9, 16);
            // tag::quick-start-pool[]
        }
        // end::quick-start-pool[]
    }

    @Test
    void isolation() {
        // tag::isolation[]
        ProcessContext ctx = Multiprocess.getContext("spawn");
        try (Pool pool = ctx.poolBuilder().processes(1).taskTimeout(Duration.ofSeconds(2)).build()) {
            AsyncResult<Object> exits = pool.applyAsync(() -> {
                System.exit(13);                                       // kills only its worker
                return null;
            });
            try {
                exits.result(Duration.ofSeconds(30));
            } catch (WorkerLostException e) {
                System.out.println(e.exitCode());                      // OptionalInt[13]
                // end::isolation[]
                assertThat(e.exitCode()).isEqualTo(OptionalInt.of(13));
                // tag::isolation[]
            }
            AsyncResult<Object> spins = pool.applyAsync(() -> {
                while (true) { }                                       // killed after the task timeout
            });
            try {
                spins.result(Duration.ofSeconds(30));
            } catch (TaskTimeoutException e) {
                System.out.println(e.getMessage());
                // end::isolation[]
                assertThat(e).isInstanceOf(TaskTimeoutException.class);
                // tag::isolation[]
            }
            System.out.println(pool.apply(() -> "served by a new worker"));
            // end::isolation[]
            assertThat(exits.isSuccessful()).isFalse();
            assertThat(spins.isSuccessful()).isFalse();
            assertThat(pool.apply(() -> "served by a new worker")).isEqualTo("served by a new worker");
            // tag::isolation[]
        }
        // end::isolation[]
    }

    @Test
    void pools() {
        ProcessContext ctx = Multiprocess.getContext("spawn");
        List<Integer> numbers = List.of(1, 2, 3, 4, 5, 6, 7, 8);
        List<String> words = List.of("one", "three", "seven");
        List<String> reports = new CopyOnWriteArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        // tag::pool[]
        try (Pool pool = ctx.pool(2)) {                                // 2 worker JVMs
            List<Integer> squares = pool.map(x -> x * x, numbers);     // chunks of ceil(n / 8) items
            AsyncResult<String> report = pool.applyAsync(
                () -> "worker " + ProcessHandle.current().pid(),
                text -> reports.add(text),                             // callbacks run here, in the parent
                error -> error.printStackTrace());
            try (ResultIterator<Integer> it = pool.imap(String::length, words)) {   // lazy, in order
                it.forEachRemaining(lengths::add);
            }
            pool.shutdown();                                           // Python's close(): no more tasks
            pool.join();                                               // let the submitted work finish
            // end::pool[]
            assertThat(squares).containsExactly(1, 4, 9, 16, 25, 36, 49, 64);
            assertThat(report.result(Duration.ofSeconds(30))).startsWith("worker ");
            // tag::pool[]
        }                                                              // close(): shutdown, then wait
        // end::pool[]
        assertThat(reports).hasSize(1);
        assertThat(lengths).containsExactly(3, 5, 5);
    }

    @Test
    void managers() {
        ProcessContext ctx = Multiprocess.getContext("spawn");
        // tag::manager[]
        try (SyncManager manager = ctx.manager()) {                      // the server is a child process
            DictProxy<String, Integer> counts = manager.dict();
            LockProxy lock = manager.lock();
            ChildProcess worker = ctx.process(() -> {                    // proxies travel to children
                lock.lock();
                try {                                                    // merge runs on the server: its function
                    counts.merge("done", 1, (SerializableBiFunction<Integer, Integer, Integer>) Integer::sum);
                } finally {                                              // must be serializable
                    lock.unlock();
                }
            });
            worker.start();
            worker.join();
            System.out.println(counts);                                  // {done=1}
            // end::manager[]
            assertThat(worker.exitCode()).isEqualTo(OptionalInt.of(0));
            assertThat(counts.get("done")).isEqualTo(1);
            // tag::manager[]
        }                                                                // shutdown: the server process ends
        // end::manager[]
    }
}
