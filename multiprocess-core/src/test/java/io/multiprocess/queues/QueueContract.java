package io.multiprocess.queues;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.connection.Connection;
import io.multiprocess.connection.Pipe;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.internal.shm.SharedSegment;
import io.multiprocess.pool.Pool;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.synchronize.ProcessBarrier;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Queues between real processes: delivery, flushing at exit, joinable counting, and producers and
 * consumers killed with SIGKILL at random moments (counts, checksums, per-producer order). The contract
 * every start method that starts processes keeps, run once per method by a subclass.
 */
@Timeout(600)
@ExtendWith(NoLeftoversExtension.class)
abstract class QueueContract {

    private static final Duration LIMIT = ChildFiles.TIMEOUT;
    /** A ring of 256 KiB: items above 128 KiB are streamed in chunks, so kills also land in the middle of those. */
    private static final int SMALL_RING = 256 * 1024;

    private static final Serializer KRYO = Multiprocess.getContext().serializer();

    private final ProcessContext ctx = context();

    /**
     * The context under test.
     *
     * @return a context of the start method under test
     */
    abstract ProcessContext context();

    @Test
    void aProducerThatExitsNormallyFlushesItsBufferedItemsFirst() {
        ProcessQueue<Object> queue = ctx.queue(0);
        ChildProcess producer = ctx.process(() -> {
            for (int i = 0; i < 10_000; i++) {
                queue.put(i, Duration.ZERO);
            }
            // 80 items of 100 KiB do not fit in the 4 MiB ring: most wait in the feeder's buffer when run() returns.
            for (int i = 0; i < 80; i++) {
                byte[] item = new byte[100 * 1024];
                item[0] = (byte) i;
                queue.put(item, Duration.ZERO);
            }
        });
        producer.start();
        for (int i = 0; i < 10_000; i++) {
            assertThat(queue.get(LIMIT)).isEqualTo(i);
        }
        for (int i = 0; i < 80; i++) {
            assertThat(((byte[]) queue.get(LIMIT))[0]).isEqualTo((byte) i);
        }
        assertThat(producer.join(LIMIT)).isTrue();
        assertThat(producer.exitCode()).hasValue(0);
        queue.close();
    }

    @Test
    void cancelJoinThreadLetsAProducerExitWithItemsNobodyReads() {
        ProcessQueue<byte[]> queue = ctx.queue(0);
        ChildProcess producer = ctx.process(() -> {
            for (int i = 0; i < 100; i++) {
                queue.put(new byte[100 * 1024], Duration.ZERO);
            }
            queue.cancelJoinThread();
        });
        producer.start();
        assertThat(producer.join(LIMIT)).isTrue();
        assertThat(producer.exitCode()).hasValue(0);
        assertThat(queue.qsize()).isBetween(1, 99);
        queue.close();
    }

    @Test
    void manyProducerAndConsumerProcessesDeliverEveryItemOnceInPerProducerOrder() {
        int producers = 3;
        int consumers = 2;
        int perProducer = 20_000;
        ProcessQueue<long[]> queue = ctx.queue(1000);
        SimpleQueue<long[]> results = ctx.simpleQueue();
        List<ChildProcess> children = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            children.add(ctx.process(() -> {
                long[] previous = new long[producers];
                Arrays.fill(previous, -1);
                long count = 0;
                long sum = 0;
                while (true) {
                    long[] item = queue.get();
                    if (item[0] < 0) {
                        break;
                    }
                    if (item[1] <= previous[(int) item[0]]) {
                        throw new IllegalStateException("out of order: producer " + item[0] + " item " + item[1]);
                    }
                    previous[(int) item[0]] = item[1];
                    count++;
                    sum += item[1];
                }
                results.put(new long[] {count, sum}, Duration.ZERO);
            }));
        }
        for (int p = 0; p < producers; p++) {
            long id = p;
            children.add(ctx.process(() -> {
                for (long i = 0; i < perProducer; i++) {
                    queue.put(new long[] {id, i}, Duration.ofSeconds(60));
                }
            }));
        }
        children.forEach(ChildProcess::start);
        for (ChildProcess producer : children.subList(consumers, children.size())) {
            assertThat(producer.join(LIMIT)).isTrue();
            assertThat(producer.exitCode()).hasValue(0);
        }
        for (int c = 0; c < consumers; c++) {
            queue.put(new long[] {-1, 0}, LIMIT);
        }
        long count = 0;
        long sum = 0;
        for (int c = 0; c < consumers; c++) {
            long[] result = results.get(LIMIT);
            count += result[0];
            sum += result[1];
        }
        for (ChildProcess consumer : children.subList(0, consumers)) {
            assertThat(consumer.join(LIMIT)).isTrue();
            assertThat(consumer.exitCode()).hasValue(0);
        }
        assertThat(count).isEqualTo((long) producers * perProducer);
        assertThat(sum).isEqualTo((long) producers * perProducer * (perProducer - 1) / 2);
        queue.close();
        results.close();
    }

    @Test
    void joinableQueueJoinsWorkDoneInOtherProcesses() {
        JoinableQueue<Integer> queue = ctx.joinableQueue(0);
        List<ChildProcess> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            ChildProcess worker = ctx.process(() -> {
                while (true) {
                    int item = queue.get();
                    queue.taskDone();
                    if (item < 0) {
                        return;
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (int i = 0; i < 200; i++) {
            queue.put(i, LIMIT);
        }
        assertThat(queue.join(LIMIT)).isTrue();
        assertThat(queue.unfinishedTasks()).isZero();
        queue.put(-1, LIMIT);
        queue.put(-1, LIMIT);
        assertThat(queue.join(LIMIT)).isTrue();
        for (ChildProcess worker : workers) {
            assertThat(worker.join(LIMIT)).isTrue();
        }
        queue.close();
    }

    @Test
    void aConnectionTravelsThroughAQueueToAChild() {
        SimpleQueue<Connection> queue = ctx.simpleQueue();
        ChildProcess child = ctx.process(() -> {
            try (Connection connection = queue.get()) {
                connection.send("through the queue");
            }
        });
        child.start();
        try (Pipe pipe = ctx.pipe(true)) {
            queue.put(pipe.second(), LIMIT);
            assertThat(pipe.first().poll(LIMIT)).isTrue();
            assertThat(pipe.first().<String>receive()).isEqualTo("through the queue");
        }
        assertThat(child.join(LIMIT)).isTrue();
        queue.close();
    }

    @Test
    void aQueueCapturedByAPoolTaskReachesEveryWorkerThatRunsIt() throws Exception {
        ProcessQueue<Integer> results = ctx.queue(0);
        List<Integer> items = IntStream.range(0, 200).boxed().toList();
        try (Pool pool = ctx.pool(2)) {
            // Both workers up first: two tasks that wait for each other can only finish on two workers.
            ProcessBarrier bothUp = ctx.barrier(2);
            Duration limit = LIMIT;
            try {
                List<Long> first = pool.map(
                        x -> {
                            bothUp.await(limit);
                            return ProcessHandle.current().pid();
                        },
                        List.of(0, 1),
                        1);
                assertThat(new HashSet<>(first)).hasSize(2);
            } finally {
                bothUp.unlink();
            }
            // One serialized function (holding the queue) goes to both workers; chunks of 1 spread the items.
            List<Long> pids = pool.map(
                    x -> {
                        results.putNowait(x * 2);
                        return ProcessHandle.current().pid();
                    },
                    items,
                    1);
            assertThat(new HashSet<>(pids)).hasSize(2);
        }
        List<Integer> received = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            received.add(results.get(LIMIT));
        }
        assertThat(received)
                .containsExactlyInAnyOrderElementsOf(
                        items.stream().map(x -> x * 2).toList());
        results.close();
    }

    @Test
    void aSerializedQueueCanBeReceivedManyTimesAndForAWhileAfterItsSenderClosedIt() {
        ProcessQueue<Integer> queue = ctx.queue(0);
        byte[] serialized = KRYO.serialize(queue);
        @SuppressWarnings("unchecked")
        ProcessQueue<Integer> first = (ProcessQueue<Integer>) KRYO.deserialize(serialized);
        queue.close();
        // Python's idiom: the sender closes its copy right after handing it to a child that fetches it later.
        @SuppressWarnings("unchecked")
        ProcessQueue<Integer> second = (ProcessQueue<Integer>) KRYO.deserialize(serialized);
        first.putNowait(7);
        assertThat(second.get(LIMIT)).isEqualTo(7);
        first.close();
        second.close();
    }

    // ------------------------------------------------------------------ SIGKILL

    /** An item: producer id, sequence number, random filler of random size, CRC32 of all that. */
    static byte[] item(int producer, int sequence, Random random) {
        int size = random.nextInt(25) == 0 ? 50_000 + random.nextInt(600_000) : 16 + random.nextInt(200);
        ByteBuffer buffer = ByteBuffer.allocate(8 + size + 8);
        buffer.putInt(producer).putInt(sequence);
        byte[] filler = new byte[size];
        random.nextBytes(filler);
        buffer.put(filler);
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, 8 + size);
        buffer.putLong(crc.getValue());
        return buffer.array();
    }

    /** Checks an item's checksum; returns {producer, sequence}. */
    static int[] check(byte[] item) {
        CRC32 crc = new CRC32();
        crc.update(item, 0, item.length - 8);
        ByteBuffer buffer = ByteBuffer.wrap(item);
        assertThat(buffer.getLong(item.length - 8))
                .as("checksum of an item of %d bytes", item.length)
                .isEqualTo(crc.getValue());
        return new int[] {buffer.getInt(0), buffer.getInt(4)};
    }

    private static void produceUntilKilled(ProcessQueue<byte[]> queue, String segmentName) {
        Random random = new Random();
        try (SharedSegment progress = SharedSegment.attach(segmentName)) {
            for (int i = 0; ; i++) {
                queue.put(item(1, i, random), Duration.ofSeconds(60));
                SharedSegment.INT.setVolatile(progress.buffer(), 0, i + 1);
            }
        }
    }

    @Test
    void producersKilledAtRandomMomentsLeaveNoTornItemAndNoBlockedQueue() {
        Random random = new Random();
        List<IntFunction<ProcessQueue<byte[]>>> kinds = List.of(
                n -> new ProcessQueue<>(0, KRYO, SMALL_RING),
                n -> new ProcessQueue<>(50, KRYO, SMALL_RING),
                n -> new SimpleQueue<>(KRYO, SMALL_RING));
        for (int kind = 0; kind < kinds.size(); kind++) {
            for (int iteration = 0; iteration < 4; iteration++) {
                String segmentName = SharedSegment.uniqueName("mp-test-progress");
                ProcessQueue<byte[]> queue = kinds.get(kind).apply(0);
                try (SharedSegment progress = SharedSegment.create(segmentName, 64)) {
                    ChildProcess producer = ctx.process(() -> produceUntilKilled(queue, segmentName));
                    producer.start();
                    int killAfter = 1 + random.nextInt(1500);
                    int expected = 0;
                    boolean killed = false;
                    int put = -1;
                    CompletableFuture<Void> ending = null;
                    while (true) {
                        byte[] item = queue.get(LIMIT);
                        int[] header = check(item);
                        if (header[0] == 0) {
                            break;
                        }
                        assertThat(header[1])
                                .as("sequence of the killed producer's items")
                                .isEqualTo(expected);
                        expected++;
                        if (!killed && expected >= killAfter) {
                            producer.kill();
                            assertThat(producer.join(LIMIT)).isTrue();
                            killed = true;
                            put = (int) SharedSegment.INT.getVolatile(progress.buffer(), 0);
                            // The queue must still take and give items: this one follows every item the dead producer
                            // published. Put from another thread: the ring may be full, and this thread is its
                            // consumer.
                            byte[] end = item(0, 0, random);
                            ending = CompletableFuture.runAsync(() -> queue.put(end, LIMIT));
                        }
                    }
                    assertThat(killed).isTrue();
                    ending.join();
                    if (kind > 0) {
                        // Bounded and simple queues: every put that returned was delivered.
                        assertThat(expected)
                                .as("items received vs puts returned")
                                .isGreaterThanOrEqualTo(put);
                    }
                    assertThat(queue.poll()).isNull();
                } finally {
                    queue.close();
                    SharedSegment.unlink(segmentName);
                }
            }
        }
    }

    @Test
    void consumersKilledAtRandomMomentsLoseAtMostTheItemInFlightAndBlockNobody() {
        Random random = new Random();
        for (int iteration = 0; iteration < 4; iteration++) {
            int total = 1500;
            String segmentName = SharedSegment.uniqueName("mp-test-received");
            ProcessQueue<byte[]> queue =
                    iteration % 2 == 0 ? new ProcessQueue<>(0, KRYO, SMALL_RING) : new SimpleQueue<>(KRYO, SMALL_RING);
            try (SharedSegment received = SharedSegment.create(segmentName, total)) {
                ChildProcess consumer = ctx.process(() -> {
                    try (SharedSegment marks = SharedSegment.attach(segmentName)) {
                        while (true) {
                            int[] header = check(queue.get());
                            marks.buffer().put(header[1], (byte) 1);
                        }
                    }
                });
                consumer.start();
                Random items = new Random(iteration);
                for (int i = 0; i < total; i++) {
                    queue.put(item(0, i, items), LIMIT);
                }
                int killAfter = 1 + random.nextInt(total - 1);
                Awaitility.await()
                        .atMost(LIMIT)
                        .pollInterval(Duration.ofMillis(1))
                        .until(() -> marked(received, total) >= killAfter);
                consumer.kill();
                assertThat(consumer.join(LIMIT)).isTrue();
                int previous = -1;
                int mine = 0;
                while (marked(received, total) + mine < total) {
                    byte[] item = queue.poll(3, TimeUnit.SECONDS);
                    if (item == null) {
                        break;
                    }
                    int sequence = check(item)[1];
                    assertThat(sequence).isGreaterThan(previous);
                    assertThat(received.buffer().get(sequence))
                            .as("item %d received twice", sequence)
                            .isZero();
                    previous = sequence;
                    mine++;
                }
                assertThat(marked(received, total) + mine).isBetween(total - 1, total);
                assertThat(queue.poll()).isNull();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                queue.close();
                SharedSegment.unlink(segmentName);
            }
        }
    }

    private static int marked(SharedSegment segment, int total) {
        int count = 0;
        for (int i = 0; i < total; i++) {
            count += segment.buffer().get(i);
        }
        return count;
    }
}
