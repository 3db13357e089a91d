package io.multiprocess.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import io.multiprocess.SerializationException;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolListener;
import io.multiprocess.pool.PoolStats;
import io.multiprocess.pool.ResultIterator;
import io.multiprocess.pool.TaskFailedException;
import io.multiprocess.pool.TaskTimeoutException;
import io.multiprocess.pool.ThreadPool;
import io.multiprocess.queues.QueueEmptyException;
import io.multiprocess.queues.QueueFullException;
import io.multiprocess.synchronize.LockNotHeldException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cluster's queue, dict, list, counter and lock, objects travelling into tasks, the task timeout,
 * and results identical to a local pool's: on three embedded members of one loopback cluster in this
 * JVM, shared by the tests of the class (cluster formation takes seconds).
 */
@Tag("hazelcast")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterTests {

    static final Duration WAIT = Duration.ofSeconds(60);

    private List<HazelcastInstance> members;
    private ClusterContext cluster;
    private Pool pool;

    @BeforeAll
    void startCluster() {
        members = TestClusters.startMembers(3);
        cluster = ClusterContext.of(members.get(1));
        pool = cluster.pool(4);
    }

    @AfterAll
    void stopCluster() {
        try {
            pool.shutdown();
            assertThat(pool.join(WAIT)).isTrue();
        } finally {
            TestClusters.shutdown(members);
        }
    }

    /** A job of the application: a record result, a computation per item. */
    record Scored(int item, long score, String label) {}

    static Scored score(int item) {
        long h = item;
        for (int i = 0; i < 1000; i++) {
            h = h * 6364136223846793005L + 1442695040888963407L;
        }
        return new Scored(item, h, "item-" + item);
    }

    @Test
    void resultsAreIdenticalToALocalPoolsForTheSameJob() {
        List<Integer> items = IntStream.range(0, 500).boxed().toList();
        List<Scored> local;
        try (ThreadPool threads = new ThreadPool(2)) {
            local = threads.map(ClusterTests::score, items);
        }
        assertThat(pool.map(ClusterTests::score, items)).isEqualTo(local);
        assertThat(pool.map(ClusterTests::score, items, 3)).isEqualTo(local);
        try (ResultIterator<Scored> each = pool.imap(ClusterTests::score, items.iterator(), 7)) {
            List<Scored> collected = new ArrayList<>();
            each.forEachRemaining(collected::add);
            assertThat(collected).isEqualTo(local);
        }
        List<Map.Entry<Integer, Integer>> pairs =
                items.stream().map(i -> Map.entry(i, i * 2)).toList();
        assertThat(pool.starmap((Integer a, Integer b) -> a + b, pairs))
                .isEqualTo(items.stream().map(i -> i * 3).toList());
    }

    @Test
    void aTaskOverTheTimeoutFailsAndItsThreadIsInterrupted() {
        ConcurrentMap<String, String> seen = cluster.manager().dict("timeouts");
        // Long enough for a round trip on a busy machine (the "next" call must fit in it too).
        try (Pool timed = cluster.poolBuilder()
                .processes(2)
                .taskTimeout(Duration.ofSeconds(3))
                .build()) {
            assertThatThrownBy(() -> timed.apply(() -> {
                        try {
                            Thread.sleep(60_000);
                        } catch (InterruptedException e) {
                            seen.put("interrupted", "yes");
                        }
                        return "late";
                    }))
                    .isInstanceOf(TaskTimeoutException.class)
                    .hasMessageContaining("task timeout");
            assertThat(timed.apply(() -> "next")).isEqualTo("next");
        }
        Awaitility.await().atMost(WAIT).until(() -> "yes".equals(seen.get("interrupted")));
    }

    @Test
    void statsAndListenersSeeTheClusterPoolsTasks() {
        AtomicInteger submitted = new AtomicInteger();
        List<PoolListener.Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        PoolListener listener = new PoolListener() {
            @Override
            public void tasksSubmitted(int count) {
                submitted.addAndGet(count);
            }

            @Override
            public void taskFinished(Outcome outcome, Duration runTime) {
                outcomes.add(outcome);
            }
        };
        Pool watched = cluster.poolBuilder().processes(3).listener(listener).build();
        try {
            assertThat(watched.map(x -> x + 1, List.of(1, 2, 3, 4), 2)).containsExactly(2, 3, 4, 5);
            assertThatThrownBy(() -> watched.apply(() -> {
                        throw new IllegalStateException("no");
                    }))
                    .isInstanceOf(TaskFailedException.class);
            assertThat(submitted).hasValue(3);
            assertThat(outcomes)
                    .containsExactlyInAnyOrder(
                            PoolListener.Outcome.COMPLETED,
                            PoolListener.Outcome.COMPLETED,
                            PoolListener.Outcome.FAILED);
            PoolStats stats = watched.stats();
            assertThat(stats.state()).isEqualTo(PoolStats.State.RUNNING);
            assertThat(stats.processes()).isEqualTo(3);
            assertThat(stats.liveWorkers()).as("the data members").isEqualTo(3);
            assertThat(stats.queuedTasks()).isZero();
            assertThat(stats.runningTasks()).isZero();
        } finally {
            watched.shutdown();
            assertThat(watched.join(WAIT)).isTrue();
        }
        assertThat(watched.stats().state()).isEqualTo(PoolStats.State.TERMINATED);
    }

    @Test
    void anExceptionKeepsItsTypeAndTheMembersPid() {
        assertThatThrownBy(() -> pool.apply((Integer x) -> 10 / x, 0))
                .isInstanceOf(TaskFailedException.class)
                .hasCauseInstanceOf(ArithmeticException.class)
                .satisfies(e -> assertThat(((TaskFailedException) e).workerPid())
                        .hasValue(ProcessHandle.current().pid()));
    }

    @Test
    void aNonSerializableLambdaIsRefusedInTheCallersThread() {
        Callable<Thread> plain = Thread::currentThread;
        assertThatThrownBy(() -> pool.submit(plain))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("SerializableCallable");
    }

    @Test
    void aQueueIsSharedWithTasksAndKeepsPythonsMethods() throws Exception {
        ClusterQueue<Scored> queue = cluster.queue();
        pool.map(
                (Integer i) -> {
                    queue.putNowait(score(i));
                    return i;
                },
                List.of(1, 2, 3));
        List<Scored> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            got.add(queue.get(WAIT));
        }
        assertThat(got).containsExactlyInAnyOrder(score(1), score(2), score(3));
        assertThat(queue.empty()).isTrue();
        assertThatThrownBy(queue::getNowait).isInstanceOf(QueueEmptyException.class);
        assertThatThrownBy(() -> queue.get(Duration.ofMillis(50))).isInstanceOf(QueueEmptyException.class);
        assertThat(queue.poll(10, TimeUnit.MILLISECONDS)).isNull();
        queue.destroy();

        ClusterQueue<String> bounded = cluster.queue("bounded-" + UUID.randomUUID(), 2);
        bounded.put("a");
        bounded.putNowait("b");
        assertThat(bounded.full()).isTrue();
        assertThat(bounded.qsize()).isEqualTo(2);
        assertThatThrownBy(() -> bounded.putNowait("c")).isInstanceOf(QueueFullException.class);
        assertThatThrownBy(() -> bounded.put("c", Duration.ofMillis(50))).isInstanceOf(QueueFullException.class);
        List<String> drained = new ArrayList<>();
        assertThat(bounded.drainTo(drained)).isEqualTo(2);
        assertThat(drained).containsExactly("a", "b");
        assertThatThrownBy(() -> bounded.put(null)).isInstanceOf(NullPointerException.class);
        bounded.destroy();
    }

    @Test
    void aDictIsAConcurrentMapThatTasksUpdateAtomically() {
        ClusterDict<String, Integer> counts = cluster.manager().dict();
        List<Integer> items = IntStream.range(0, 200).boxed().toList();
        pool.map((Integer i) -> counts.merge("key-" + (i % 5), 1, Integer::sum), items, 10);
        assertThat(counts).hasSize(5);
        assertThat(counts.values()).allSatisfy(v -> assertThat(v).isEqualTo(40));
        assertThat(counts.putIfAbsent("key-0", 7)).isEqualTo(40);
        assertThat(counts.replace("key-0", 40, 41)).isTrue();
        assertThat(counts.replace("key-0", 40, 42)).isFalse();
        assertThat(counts.remove("key-0", 41)).isTrue();
        assertThat(counts.containsKey("key-0")).isFalse();
        assertThat(counts.get("absent")).isNull();
        ClusterDict<Scored, List<String>> records = cluster.manager().dict();
        records.put(score(1), List.of("a", "b"));
        assertThat(records.get(score(1))).containsExactly("a", "b");
        counts.destroy();
        records.destroy();
    }

    @Test
    void aListAndACounterAreSharedWithTasks() {
        ClusterList<String> list = cluster.manager().list();
        ClusterCounter counter = cluster.manager().counter("counter-" + UUID.randomUUID());
        pool.map(
                (Integer i) -> {
                    list.add("item-" + i);
                    return counter.incrementAndGet();
                },
                IntStream.range(0, 50).boxed().toList(),
                5);
        assertThat(counter.get()).isEqualTo(50);
        assertThat(list).hasSize(50);
        assertThat(list.copy()).contains("item-0", "item-49");
        list.set(0, "first");
        assertThat(list.get(0)).isEqualTo("first");
        assertThat(counter.compareAndSet(50, 7)).isTrue();
        assertThat(counter.compareAndSet(50, 8)).isFalse();
        counter.set(-1);
        assertThat(counter.addAndGet(2)).isEqualTo(1);
        list.destroy();
        counter.destroy();
        assertThat(counter.get()).isZero();
    }

    @Test
    void aLockExcludesOtherHoldersAcrossTheCluster() {
        String name = "lock-" + UUID.randomUUID();
        ClusterCounter inside = cluster.manager().counter(name + "-inside");
        ClusterCounter most = cluster.manager().counter(name + "-most");
        Lock lock = cluster.manager().lock(name);
        pool.map(
                (Integer i) -> {
                    lock.lock();
                    try {
                        long now = inside.incrementAndGet();
                        if (now > most.get()) {
                            most.set(now);
                        }
                        inside.addAndGet(-1);
                    } finally {
                        lock.unlock();
                    }
                    return i;
                },
                IntStream.range(0, 40).boxed().toList(),
                1);
        assertThat(most.get()).isEqualTo(1);
        ClusterLock python = cluster.manager().lock(name);
        assertThat(python.acquire(true, Duration.ofSeconds(5))).isTrue();
        assertThat(python.isLocked()).isTrue();
        assertThat(pool.apply(() -> lock.tryLock()))
                .as("another member's thread")
                .isFalse();
        python.release();
        assertThatThrownBy(python::release).isInstanceOf(LockNotHeldException.class);
        assertThat(python.acquire(false, null)).isTrue();
        python.release();
    }
}
