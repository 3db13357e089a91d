package io.multiprocess.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.Multiprocess;
import io.multiprocess.ProcessStateException;
import io.multiprocess.SerializationException;
import io.multiprocess.connection.Connection;
import io.multiprocess.connection.Pipe;
import io.multiprocess.serialization.JdkSerializer;
import io.multiprocess.serialization.KryoSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Queues within one JVM (several threads): the API, bounds, large items, and the invariants under contention. */
@Timeout(300)
class ProcessQueueTests {

    @Test
    void itemsComeOutInOrderAndWhole() {
        try (ProcessQueue<Object> queue = Multiprocess.queue(0)) {
            for (int i = 0; i < 1000; i++) {
                queue.putNowait(i);
            }
            queue.putNowait(List.of("a", "b"));
            for (int i = 0; i < 1000; i++) {
                assertThat(queue.get()).isEqualTo(i);
            }
            assertThat(queue.get()).isEqualTo(List.of("a", "b"));
            assertThat(queue.empty()).isTrue();
            assertThatThrownBy(queue::getNowait).isInstanceOf(QueueEmptyException.class);
            assertThatThrownBy(() -> queue.get(Duration.ofMillis(20))).isInstanceOf(QueueEmptyException.class);
            assertThat(queue.poll()).isNull();
        }
    }

    @Test
    void boundedQueueCountsItemsAndRefusesWhenFull() throws Exception {
        try (ProcessQueue<Integer> queue = Multiprocess.queue(3)) {
            assertThat(queue.maxsize()).isEqualTo(3);
            assertThat(queue.remainingCapacity()).isEqualTo(3);
            queue.put(1);
            assertThat(queue.offer(2)).isTrue();
            queue.put(3, Duration.ofSeconds(1));
            assertThat(queue.full()).isTrue();
            assertThat(queue.qsize()).isEqualTo(3);
            assertThat(queue.remainingCapacity()).isZero();
            assertThat(queue.offer(4)).isFalse();
            assertThat(queue.offer(4, 20, TimeUnit.MILLISECONDS)).isFalse();
            assertThatThrownBy(() -> queue.putNowait(4))
                    .isInstanceOf(QueueFullException.class)
                    .hasMessageContaining("maxsize 3");
            assertThatThrownBy(() -> queue.put(4, Duration.ofMillis(20))).isInstanceOf(QueueFullException.class);
            assertThatThrownBy(() -> queue.add(4)).isInstanceOf(IllegalStateException.class);
            CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> queue.put(5, Duration.ofSeconds(30)));
            assertThat(queue.take()).isEqualTo(1);
            blocked.get(30, TimeUnit.SECONDS);
            List<Integer> rest = new ArrayList<>();
            assertThat(queue.drainTo(rest)).isEqualTo(3);
            assertThat(rest).containsExactly(2, 3, 5);
        }
    }

    @Test
    void unboundedPutNeverBlocksAndBuffersInOrder() {
        try (ProcessQueue<byte[]> queue = Multiprocess.queue(0)) {
            // 80 items of 100 KiB: far more than the 4 MiB ring holds, so most wait in the feeder's buffer.
            for (int i = 0; i < 80; i++) {
                byte[] item = new byte[100 * 1024];
                item[0] = (byte) i;
                queue.put(item, Duration.ZERO);
            }
            assertThat(queue.qsize()).isEqualTo(80);
            for (int i = 0; i < 80; i++) {
                assertThat(queue.get(Duration.ofSeconds(30))[0]).isEqualTo((byte) i);
            }
        }
    }

    @Test
    void itemsLargerThanTheRingStreamThroughIt() throws Exception {
        try (ProcessQueue<byte[]> queue = Multiprocess.queue(0)) {
            byte[] big = new byte[7 * 1024 * 1024 + 5];
            new Random(3).nextBytes(big);
            queue.put(big);
            queue.put(new byte[] {42});
            assertThat(queue.get(Duration.ofSeconds(30))).isEqualTo(big);
            assertThat(queue.get(Duration.ofSeconds(30))).containsExactly(42);
        }
        try (SimpleQueue<byte[]> simple = Multiprocess.simpleQueue()) {
            byte[] big = new byte[3 * 1024 * 1024];
            new Random(4).nextBytes(big);
            Future<byte[]> received = Executors.newSingleThreadExecutor().submit(() -> simple.get());
            simple.put(big);
            assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo(big);
        }
    }

    @Test
    void aGetThatTimesOutHalfWayThroughALargeItemLosesNothing() throws Exception {
        try (ProcessQueue<byte[]> queue = new ProcessQueue<>(1, new KryoSerializer())) {
            byte[] big = new byte[6 * 1024 * 1024];
            new Random(5).nextBytes(big);
            // A bounded put of an item larger than the ring streams it while the consumer gathers it.
            Future<?> producer = Executors.newSingleThreadExecutor().submit(() -> {
                queue.put(big, Duration.ofSeconds(60));
                return null;
            });
            byte[] received = null;
            for (int attempt = 0; attempt < 10_000 && received == null; attempt++) {
                received = queue.poll(1, TimeUnit.MILLISECONDS);
            }
            producer.get(60, TimeUnit.SECONDS);
            assertThat(received).isEqualTo(big);
        }
    }

    @Test
    void manyProducersAndConsumersDeliverEveryItemOnceAndInPerProducerOrder() throws Exception {
        int producers = 4;
        int consumers = 3;
        int perProducer = 20_000;
        try (ProcessQueue<long[]> queue = Multiprocess.queue(100)) {
            ExecutorService pool = Executors.newFixedThreadPool(producers + consumers);
            ConcurrentHashMap<Long, Long> lastSeen = new ConcurrentHashMap<>();
            AtomicLong sum = new AtomicLong();
            AtomicLong count = new AtomicLong();
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                futures.add(pool.submit(() -> {
                    long[] previous = new long[producers];
                    Arrays.fill(previous, -1);
                    while (true) {
                        long[] item = queue.get(Duration.ofSeconds(60));
                        if (item[0] < 0) {
                            return null;
                        }
                        if (item[1] <= previous[(int) item[0]]) {
                            throw new AssertionError("Out of order for producer " + item[0]);
                        }
                        previous[(int) item[0]] = item[1];
                        sum.addAndGet(item[1]);
                        count.incrementAndGet();
                    }
                }));
            }
            List<Future<?>> producing = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                long id = p;
                producing.add(pool.submit(() -> {
                    for (long i = 0; i < perProducer; i++) {
                        queue.put(new long[] {id, i}, Duration.ofSeconds(60));
                    }
                    return null;
                }));
            }
            for (Future<?> future : producing) {
                future.get(120, TimeUnit.SECONDS);
            }
            for (int c = 0; c < consumers; c++) {
                queue.put(new long[] {-1, 0}, Duration.ofSeconds(60));
            }
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(count.get()).isEqualTo((long) producers * perProducer);
            assertThat(sum.get()).isEqualTo((long) producers * perProducer * (perProducer - 1) / 2);
            assertThat(lastSeen).isEmpty();
        }
    }

    @Test
    void joinableQueueWaitsForEveryTaskDone() throws Exception {
        try (JoinableQueue<Integer> queue = Multiprocess.joinableQueue(0)) {
            for (int i = 0; i < 5; i++) {
                queue.put(i);
            }
            assertThat(queue.unfinishedTasks()).isEqualTo(5);
            assertThat(queue.join(Duration.ofMillis(20))).isFalse();
            CompletableFuture<Void> worker = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 5; i++) {
                    queue.get();
                    queue.taskDone();
                }
            });
            assertThat(queue.join(Duration.ofSeconds(30))).isTrue();
            worker.get(30, TimeUnit.SECONDS);
            assertThatThrownBy(queue::taskDone)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("more times");
        }
    }

    @Test
    void closedQueueRefusesUseAndWakesBlockedThreads() throws Exception {
        ProcessQueue<Integer> queue = Multiprocess.queue(0);
        CompletableFuture<Integer> blocked = CompletableFuture.supplyAsync(queue::get);
        Thread.onSpinWait();
        assertThatThrownBy(queue::joinThread).isInstanceOf(ProcessStateException.class);
        queue.close();
        queue.joinThread();
        assertThatThrownBy(() -> blocked.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(ProcessStateException.class);
        assertThatThrownBy(() -> queue.put(1)).isInstanceOf(ProcessStateException.class);
        assertThatThrownBy(queue::get).isInstanceOf(ProcessStateException.class);
        queue.close();
    }

    @Test
    void interruptedGetThrowsAndKeepsTheInterruptFlag() throws Exception {
        try (ProcessQueue<Integer> queue = Multiprocess.queue(0)) {
            Thread.currentThread().interrupt();
            assertThatThrownBy(queue::take).isInstanceOf(InterruptedException.class);
            Thread.currentThread().interrupt();
            assertThatThrownBy(queue::get).isInstanceOf(io.multiprocess.InterruptedOperationException.class);
            assertThat(Thread.interrupted()).isTrue();
            queue.put(7);
            assertThat(queue.get()).isEqualTo(7);
        }
    }

    @Test
    void jdkInterfaceBehavesAndRefusesWhatCannotWorkAcrossProcesses() {
        try (ProcessQueue<String> queue = Multiprocess.queue(0)) {
            BlockingQueue<String> jdk = queue;
            assertThat(jdk.add("a")).isTrue();
            assertThat(jdk.size()).isEqualTo(1);
            assertThat(jdk.remove()).isEqualTo("a");
            assertThatThrownBy(() -> jdk.put(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(jdk::iterator).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(jdk::peek).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> jdk.contains("a")).isInstanceOf(UnsupportedOperationException.class);
            @SuppressWarnings({"unchecked", "rawtypes"})
            ProcessQueue<Object> raw = (ProcessQueue) queue;
            assertThatThrownBy(() -> raw.put(new Thread())).isInstanceOf(SerializationException.class);
            assertThat(queue.toString()).contains("items=0");
        }
    }

    @Test
    void byteArraysTravelAsTheyAreAndAreCopiedWhenBuffered() {
        try (ProcessQueue<byte[]> queue = Multiprocess.queue(0)) {
            byte[] item = {1, 2, 3};
            queue.put(item, Duration.ZERO);
            item[0] = 9;
            assertThat(queue.get()).containsExactly(1, 2, 3);
            byte[] big = new byte[3 << 20];
            queue.put(big, Duration.ZERO);
            queue.put(big, Duration.ZERO);
            big[0] = 7;
            assertThat(queue.get(Duration.ofSeconds(30))[0]).isZero();
            assertThat(queue.get(Duration.ofSeconds(30))[0]).isZero();
        }
    }

    @Test
    void queuesAndConnectionsTravelWithTheJdkSerializerToo() {
        JdkSerializer jdk = new JdkSerializer();
        try (ProcessQueue<Integer> queue = new ProcessQueue<>(0, jdk);
                Pipe pipe = Pipe.open(true, jdk, 1 << 20)) {
            @SuppressWarnings("unchecked")
            ProcessQueue<Integer> copy = (ProcessQueue<Integer>) jdk.deserialize(jdk.serialize(queue));
            copy.put(5, Duration.ZERO);
            assertThat(queue.get()).isEqualTo(5);
            copy.close();
            Connection end = (Connection) jdk.deserialize(jdk.serialize(pipe.second()));
            pipe.first().send("jdk");
            assertThat(end.<String>receive()).isEqualTo("jdk");
            end.close();
        }
    }

    @Test
    void aQueueSerializedAndReadInTheSameProcessSharesItsItems() {
        KryoSerializer serializer = new KryoSerializer();
        try (ProcessQueue<Integer> queue = Multiprocess.queue(0);
                SimpleQueue<Integer> simple = Multiprocess.simpleQueue();
                JoinableQueue<Integer> joinable = Multiprocess.joinableQueue(2)) {
            @SuppressWarnings("unchecked")
            List<Object> copies =
                    (List<Object>) serializer.deserialize(serializer.serialize(List.of(queue, simple, joinable)));
            assertThat(copies.get(0)).isInstanceOf(ProcessQueue.class).isNotInstanceOf(SimpleQueue.class);
            assertThat(copies.get(1)).isInstanceOf(SimpleQueue.class);
            assertThat(copies.get(2)).isInstanceOf(JoinableQueue.class);
            @SuppressWarnings("unchecked")
            ProcessQueue<Integer> copy = (ProcessQueue<Integer>) copies.get(0);
            copy.put(11, Duration.ZERO);
            assertThat(queue.get()).isEqualTo(11);
            @SuppressWarnings("unchecked")
            JoinableQueue<Integer> joinableCopy = (JoinableQueue<Integer>) copies.get(2);
            assertThat(joinableCopy.maxsize()).isEqualTo(2);
            copies.forEach(c -> ((ProcessQueue<?>) c).close());
        }
    }
}
