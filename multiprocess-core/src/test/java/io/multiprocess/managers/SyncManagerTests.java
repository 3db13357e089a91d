package io.multiprocess.managers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.queues.QueueEmptyException;
import io.multiprocess.queues.QueueFullException;
import io.multiprocess.synchronize.BarrierBrokenException;
import io.multiprocess.synchronize.LockNotHeldException;
import io.multiprocess.synchronize.OverReleaseException;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** SyncManager's types against a server on a thread of this JVM (calls still go through sockets). */
@Timeout(120)
@ExtendWith(NoLeftoversExtension.class)
@NoLeftoversExtension.PerClass
class SyncManagerTests {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static ServedHere<SyncManager> served;
    private static SyncManager manager;

    @BeforeAll
    static void serve() {
        served = ServedHere.syncManager();
        manager = served.manager;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        served.close();
    }

    @Test
    void inAThreadContextTheServerRunsOnAThreadOfThisJvm() throws Exception {
        try (SyncManager threaded =
                io.multiprocess.Multiprocess.getContext("thread").manager()) {
            assertThat(threaded.serverPid()).hasValue(ProcessHandle.current().pid());
            ListProxy<String> list = threaded.list();
            list.add("served by a thread");
            assertThat(list).containsExactly("served by a thread");
            threaded.shutdown();
            assertThat(threaded.join(LIMIT)).isTrue();
            assertThatThrownBy(list::size).isInstanceOf(ManagerUnreachableException.class);
        }
    }

    @Test
    void largeValuesTravelInChunks() {
        DictProxy<String, Object> dict = manager.dict();
        byte[] big = new byte[3 << 20];
        Arrays.fill(big, (byte) 7);
        dict.put("bytes", big);
        assertThat((byte[]) dict.get("bytes")).isEqualTo(big);
        String text = "x".repeat(1 << 20);
        dict.put("text", List.of(text, text + "y"));
        assertThat(dict.get("text")).isEqualTo(List.of(text, text + "y"));
    }

    @Test
    void aDictIsAMapWithAtomicConcurrentMapMethodsAndViewsThatWriteThrough() {
        DictProxy<String, Integer> dict = manager.dict(Map.of("a", 1));
        assertThat(dict.put("b", 2)).isNull();
        assertThat(dict.get("a")).isEqualTo(1);
        assertThat(dict.putIfAbsent("a", 5)).isEqualTo(1);
        assertThat(dict.merge("a", 10, (BiFunction<Integer, Integer, Integer> & Serializable) Integer::sum))
                .isEqualTo(11);
        assertThat(dict.keySet()).containsExactly("a", "b");
        assertThat(dict.entrySet()).containsExactly(Map.entry("a", 11), Map.entry("b", 2));
        dict.put(null, null);
        assertThat(dict.containsKey(null)).isTrue();
        assertThat(dict.size()).isEqualTo(3);
        List<String> seen = new ArrayList<>();
        dict.forEach((k, v) -> seen.add(k + "=" + v));
        assertThat(seen).containsExactly("a=11", "b=2", "null=null");
        assertThat(dict.<Map<String, Integer>>copyReferent())
                .isInstanceOf(LinkedHashMap.class)
                .hasSize(3);
        assertThat(dict.toString()).isEqualTo("{a=11, b=2, null=null}");
        dict.keySet().remove(null);
        assertThat(dict).hasSize(2).doesNotContainKey(null);
        dict.keySet().clear();
        assertThat(dict).isEmpty();
        assertThatThrownBy(() -> dict.compute("a", (k, v) -> v)).hasMessageContaining("Serializable");
    }

    @Test
    void aListIteratesInChunksAndChangesThroughItsIterator() {
        ListProxy<Integer> list = manager.list();
        for (int i = 0; i < 600; i++) {
            list.add(i);
        }
        int sum = 0;
        for (int value : list) {
            sum += value;
        }
        assertThat(sum).isEqualTo(599 * 600 / 2);
        assertThat(list.stream().filter(i -> i % 100 == 0).toList()).containsExactly(0, 100, 200, 300, 400, 500);
        list.removeIf((Predicate<Integer> & Serializable) i -> i >= 10);
        assertThat(list).hasSize(10);
        var iterator = list.listIterator();
        while (iterator.hasNext()) {
            int value = iterator.next();
            if (value % 2 == 0) {
                iterator.remove();
            } else {
                iterator.set(value * 10);
            }
        }
        assertThat(list.slice(0, 100)).containsExactly(10, 30, 50, 70, 90);
        assertThat(list.remove(Integer.valueOf(30))).isTrue();
        assertThat(list.remove(0)).isEqualTo(10);
        assertThat(list.subList(0, 2)).containsExactly(50, 70);
        assertThat(list.slice(-5, 1)).containsExactly(50);
        assertThat(list.indexOf(90)).isEqualTo(2);
        assertThatThrownBy(() -> list.get(99)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void nestedProxiesStayShared() {
        ListProxy<String> inner = manager.list();
        DictProxy<String, Object> outer = manager.dict();
        outer.put("inner", inner);
        @SuppressWarnings("unchecked")
        ListProxy<String> back = (ListProxy<String>) outer.get("inner");
        back.add("through the dict");
        assertThat(inner).containsExactly("through the dict");
        assertThat(back).isEqualTo(inner);
        assertThat(back.proxyToken().id()).isEqualTo(inner.proxyToken().id());
        inner.releaseProxy();
        back.releaseProxy();
        @SuppressWarnings("unchecked")
        ListProxy<String> again = (ListProxy<String>) outer.get("inner");
        assertThat(again).containsExactly("through the dict");
    }

    @Test
    void aNamespaceAValueAndAnArray() {
        NamespaceProxy ns = manager.namespace();
        ns.set("x", 1);
        ns.set("name", "job");
        assertThat(ns.<Integer>get("x")).isEqualTo(1);
        assertThat(ns.has("name")).isTrue();
        assertThat(ns.names()).containsExactly("x", "name");
        assertThat(ns.get("missing", "default")).isEqualTo("default");
        assertThatThrownBy(() -> ns.get("missing"))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("missing");
        ns.delete("x");
        assertThat(ns.toMap()).containsExactly(Map.entry("name", "job"));

        ValueProxy<Integer> value = manager.value("i", 3.7);
        assertThat(value.get()).isEqualTo(3);
        value.set(42);
        assertThat(value.get()).isEqualTo(42);
        assertThat(value.toString()).isEqualTo("Value('i', 42)");
        ValueProxy<String> text = manager.value("hello");
        assertThat(text.get()).isEqualTo("hello");

        ListProxy<Double> array = manager.array("d", 3);
        array.set(1, 2.5);
        assertThat(array).containsExactly(0.0, 2.5, 0.0);
        assertThatThrownBy(() -> array.add(1.0)).isInstanceOf(UnsupportedOperationException.class);
        ListProxy<Integer> ints = manager.array("i", List.of(1, 2, 3));
        assertThat(ints.get(2)).isEqualTo(3);
        assertThatThrownBy(() -> manager.array("x", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aQueueBlocksItsCallerOnlyAndHasPythonsMethods() throws Exception {
        QueueProxy<String> queue = manager.queue(2);
        CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Awaitility.await().during(Duration.ofMillis(50)).atMost(LIMIT).until(() -> !taken.isDone());
        queue.put("first");
        assertThat(taken.get(30, TimeUnit.SECONDS)).isEqualTo("first");
        queue.putNowait("a");
        queue.put("b", Duration.ofSeconds(5));
        assertThat(queue.full()).isTrue();
        assertThat(queue.remainingCapacity()).isZero();
        assertThatThrownBy(() -> queue.putNowait("c")).isInstanceOf(QueueFullException.class);
        assertThatThrownBy(() -> queue.put("c", Duration.ofMillis(50))).isInstanceOf(QueueFullException.class);
        assertThat(queue.qsize()).isEqualTo(2);
        assertThat(queue).containsExactly("a", "b");
        List<String> drained = new ArrayList<>();
        assertThat(queue.drainTo(drained)).isEqualTo(2);
        assertThat(drained).containsExactly("a", "b");
        assertThat(queue.empty()).isTrue();
        assertThatThrownBy(queue::getNowait).isInstanceOf(QueueEmptyException.class);
        assertThatThrownBy(() -> queue.get(Duration.ofMillis(50))).isInstanceOf(QueueEmptyException.class);
        assertThat(queue.poll(10, TimeUnit.MILLISECONDS)).isNull();
        assertThatThrownBy(() -> queue.put(null)).isInstanceOf(NullPointerException.class);

        JoinableQueueProxy<Integer> joinable = manager.joinableQueue();
        joinable.put(1);
        joinable.put(2);
        CompletableFuture<Void> joined = CompletableFuture.runAsync(joinable::join);
        assertThat(joinable.get()).isEqualTo(1);
        joinable.taskDone();
        assertThat(joinable.get()).isEqualTo(2);
        assertThat(joined).isNotDone();
        joinable.taskDone();
        joined.get(30, TimeUnit.SECONDS);
        assertThatThrownBy(joinable::taskDone).isInstanceOf(OverReleaseException.class);
    }

    @Test
    void locksBelongToTheirThreadAndRLocksNest() throws Exception {
        LockProxy rlock = manager.rlock();
        rlock.lock();
        assertThat(rlock.tryLock()).isTrue();
        CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(() -> rlock.acquire(Duration.ofMillis(50)));
        assertThat(other.get(30, TimeUnit.SECONDS)).isFalse();
        CompletableFuture<Void> wrongRelease = CompletableFuture.runAsync(rlock::release);
        assertThatThrownBy(() -> wrongRelease.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(LockNotHeldException.class);
        rlock.unlock();
        rlock.unlock();
        assertThat(CompletableFuture.supplyAsync(() -> rlock.acquire(false)).get(30, TimeUnit.SECONDS))
                .isTrue();

        LockProxy lock = manager.lock();
        assertThat(lock.acquire()).isTrue();
        assertThat(lock.acquire(false)).isFalse();
        CompletableFuture.runAsync(lock::release).get(30, TimeUnit.SECONDS);
        assertThatThrownBy(lock::release).isInstanceOf(LockNotHeldException.class);
        assertThat(lock.tryLock(1, TimeUnit.SECONDS)).isTrue();
        lock.unlock();
    }

    @Test
    void theLockOfAThreadThatEndsIsReleased() throws Exception {
        LockProxy lock = manager.lock();
        Thread holder = new Thread(lock::lock);
        holder.start();
        holder.join();
        assertThat(lock.acquire(false)).isFalse();
        assertThat(lock.acquire(LIMIT)).isTrue();
        lock.release();
    }

    @Test
    void conditionsWaitAndSignalInTheServer() throws Exception {
        ConditionProxy condition = manager.condition();
        assertThatThrownBy(condition::signal).isInstanceOf(LockNotHeldException.class);
        AtomicInteger woken = new AtomicInteger();
        List<Thread> waiters = new ArrayList<>();
        CountingReady ready = new CountingReady();
        for (int i = 0; i < 3; i++) {
            Thread waiter = new Thread(() -> {
                condition.acquire();
                try {
                    ready.arrive();
                    if (condition.await(Duration.ofSeconds(30))) {
                        woken.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    return;
                } finally {
                    condition.release();
                }
            });
            waiter.start();
            waiters.add(waiter);
        }
        ready.await(3);
        Awaitility.await().atMost(LIMIT).until(() -> {
            condition.lock();
            try {
                condition.signal(2);
            } finally {
                condition.unlock();
            }
            return woken.get() >= 2;
        });
        condition.lock();
        condition.signalAll();
        condition.unlock();
        for (Thread waiter : waiters) {
            waiter.join(LIMIT.toMillis());
        }
        assertThat(woken).hasValue(3);
        condition.lock();
        assertThat(condition.await(Duration.ofMillis(20))).isFalse();
        assertThat(condition.waitFor(() -> true)).isTrue();
        condition.unlock();

        LockProxy lock = manager.lock();
        ConditionProxy bound = manager.condition(lock);
        lock.lock();
        assertThat(bound.await(Duration.ofMillis(10))).isFalse();
        lock.unlock();
        ConditionProxy viaLock = lock.newCondition();
        assertThatThrownBy(viaLock::signal).isInstanceOf(LockNotHeldException.class);
    }

    /** A latch the waiting threads count down; the test thread waits for all of them. */
    private static final class CountingReady {
        private final AtomicInteger count = new AtomicInteger();

        void arrive() {
            count.incrementAndGet();
        }

        void await(int n) {
            Awaitility.await().atMost(LIMIT).until(() -> count.get() >= n);
        }
    }

    @Test
    void eventsSemaphoresAndBarriers() throws Exception {
        EventProxy event = manager.event();
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> event.await(Duration.ofSeconds(30)));
        assertThat(event.await(Duration.ofMillis(10))).isFalse();
        event.set();
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(event.isSet()).isTrue();
        event.clear();
        assertThat(event.isSet()).isFalse();

        AcquirerProxy semaphore = manager.boundedSemaphore(2);
        assertThat(semaphore.acquire()).isTrue();
        assertThat(semaphore.acquire(false)).isTrue();
        assertThat(semaphore.acquire(Duration.ofMillis(20))).isFalse();
        semaphore.release();
        semaphore.release();
        assertThatThrownBy(semaphore::release).isInstanceOf(OverReleaseException.class);
        assertThat(manager.semaphore(0).acquire(false)).isFalse();

        BarrierProxy barrier = manager.barrier(2);
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(barrier::await);
        Awaitility.await().atMost(LIMIT).until(() -> barrier.nWaiting() == 1);
        assertThat(barrier.await()).isEqualTo(1);
        assertThat(first.get(30, TimeUnit.SECONDS)).isZero();
        assertThatThrownBy(() -> barrier.await(Duration.ofMillis(20))).isInstanceOf(BarrierBrokenException.class);
        assertThat(barrier.isBroken()).isTrue();
        barrier.reset();
        assertThat(barrier.isBroken()).isFalse();
        assertThat(barrier.parties()).isEqualTo(2);
    }
}
