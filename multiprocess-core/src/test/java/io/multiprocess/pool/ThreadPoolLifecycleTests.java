package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.multiprocess.ProcessStateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What is particular to thread pools: a thread cannot be killed, and settings apply per thread. */
class ThreadPoolLifecycleTests {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void theInitializerRunsOncePerThread() {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        ThreadLocal<String> resource = new ThreadLocal<>();
        try (ThreadPool pool = new ThreadPool(3, () -> {
            runs.computeIfAbsent(Thread.currentThread().getName(), n -> new AtomicInteger())
                    .incrementAndGet();
            resource.set("connection of " + Thread.currentThread().getName());
        })) {
            List<String> seen = pool.map(
                    (Integer i) -> resource.get(),
                    IntStream.range(0, 100).boxed().toList(),
                    1);
            assertThat(seen).allSatisfy(s -> assertThat(s).startsWith("connection of multiprocess-pool-"));
            assertThat(runs).hasSizeBetween(1, 3);
            assertThat(runs.values())
                    .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        }
    }

    @Test
    void maxTasksPerChildReplacesThreads() {
        ThreadPool pool = Pool.builder().processes(1).maxTasksPerChild(2).buildThreadPool();
        List<AsyncResult<String>> results = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            results.add(pool.applyAsync(() -> Thread.currentThread().getName()));
        }
        Map<String, Long> perThread = results.stream()
                .map(r -> r.result(WAIT))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(perThread).hasSize(3);
        assertThat(perThread.values()).containsOnly(2L);
        pool.shutdown();
        assertThat(pool.join(WAIT)).isTrue();
    }

    @Test
    void aTaskOverTheTimeoutFailsAndItsThreadIsInterruptedAndReplaced() throws Exception {
        ThreadPool pool =
                Pool.builder().processes(1).taskTimeout(Duration.ofMillis(200)).buildThreadPool();
        CountDownLatch interrupted = new CountDownLatch(1);
        AsyncResult<String> slow = pool.applyAsync(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "late";
        });
        assertThat(catchThrowable(() -> slow.result(WAIT))).isInstanceOf(TaskTimeoutException.class);
        assertThat(interrupted.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.apply(() -> "next")).isEqualTo("next");
        pool.shutdown();
        assertThat(pool.join(WAIT)).isTrue();
    }

    @Test
    void terminateFailsWhatIsPendingAndDoesNotWaitForATaskThatIgnoresInterrupts() {
        ThreadPool pool = new ThreadPool(1);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AsyncResult<String> stubborn = pool.applyAsync(() -> {
            running.countDown();
            while (true) {
                try {
                    release.await();
                    return "released";
                } catch (InterruptedException ignored) {
                    // keeps going, as a task stuck in uninterruptible code would
                }
            }
        });
        AsyncResult<String> queued = pool.applyAsync(() -> "queued");
        try {
            assertThat(running.await(60, TimeUnit.SECONDS)).isTrue();
            pool.terminate();
            assertThat(pool.join(WAIT)).isTrue();
            assertThat(pool.isTerminated()).isTrue();
            assertThat(catchThrowable(stubborn::result)).isInstanceOf(PoolTerminatedException.class);
            assertThat(catchThrowable(queued::result)).isInstanceOf(PoolTerminatedException.class);
            assertThatThrownBy(() -> pool.apply(() -> 1)).isInstanceOf(ProcessStateException.class);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aFailingInitializerBreaksThePool() {
        AtomicInteger attempts = new AtomicInteger();
        ThreadPool pool = new ThreadPool(2, () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("no database");
        });
        AsyncResult<Integer> result = pool.applyAsync(() -> 1);
        Throwable failure = catchThrowable(() -> result.result(WAIT));
        assertThat(failure).isInstanceOf(PoolTerminatedException.class).hasRootCauseMessage("no database");
        assertThat(attempts.get())
                .as("three failures in a row, plus the other thread in flight")
                .isBetween(3, 4);
        assertThatThrownBy(() -> pool.apply(() -> 2))
                .isInstanceOf(ProcessStateException.class)
                .hasMessageContaining("broke down");
        assertThat(pool.join(WAIT)).isTrue();
    }

    @Test
    void shutdownLetsImapsFinishTheirInput() {
        ThreadPool pool = new ThreadPool(2);
        ResultIterator<Integer> results =
                pool.imap((Integer x) -> x, IntStream.range(0, 1000).boxed().iterator());
        pool.shutdown();
        assertThat(pool.join(WAIT)).isTrue();
        Set<Integer> got = new HashSet<>();
        results.forEachRemaining(got::add);
        assertThat(got).hasSize(1000);
    }

    @Test
    void closeWaitsForTheSubmittedTasksAsExecutorServiceCloseDoes() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<AsyncResult<Integer>> results = new ArrayList<>();
        ThreadPool closing;
        Thread opener;
        try (ThreadPool pool = new ThreadPool(2)) {
            closing = pool;
            for (int i = 0; i < 6; i++) {
                int value = i;
                results.add(pool.applyAsync(() -> {
                    go.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                    return value;
                }));
            }
            // The tasks can finish only once close() has begun: it must wait for them, not drop them.
            opener = new Thread(() -> {
                while (!pool.isShutdown()) {
                    Thread.onSpinWait();
                }
                go.countDown();
            });
            opener.start();
        }
        opener.join(WAIT.toMillis());
        assertThat(closing.isTerminated()).isTrue();
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).result(WAIT)).isEqualTo(i);
        }
    }
}
