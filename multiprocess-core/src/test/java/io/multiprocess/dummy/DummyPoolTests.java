package io.multiprocess.dummy;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.pool.ThreadPool;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Python's multiprocessing.dummy.Pool is a thread pool of this JVM. */
class DummyPoolTests {

    @Test
    void itIsAThreadPoolThatSharesThisJvmsObjects() {
        AtomicInteger initialized = new AtomicInteger();
        try (ThreadPool pool = DummyPool.of(2, initialized::incrementAndGet)) {
            AtomicInteger shared = new AtomicInteger();
            assertThat(pool.map((Integer x) -> shared.addAndGet(x), List.of(1, 2, 3)))
                    .hasSize(3);
            assertThat(shared.get()).isEqualTo(6);
            assertThat(pool.processes()).isEqualTo(2);
        }
        assertThat(initialized.get()).isBetween(1, 2);
        try (ThreadPool pool = DummyPool.of()) {
            assertThat(pool.processes()).isEqualTo(Runtime.getRuntime().availableProcessors());
        }
        try (ThreadPool pool = DummyPool.of(1)) {
            assertThat(pool.apply(() -> Thread.currentThread().getName())).contains("-thread-");
        }
    }
}
