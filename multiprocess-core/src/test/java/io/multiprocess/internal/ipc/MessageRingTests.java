package io.multiprocess.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.internal.shm.NativeCopy;
import io.multiprocess.internal.shm.SharedSegment;
import io.multiprocess.testing.NoLeftoversExtension;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The queue's shared-memory ring on its own, in one JVM: order, sizes around its limits, wrap-around
 * over many cycles, a full ring and a bounded one, messages larger than the ring (streamed in chunks),
 * concurrent writers, joinable counting, and close. Several views of one segment stand for several
 * processes' mappings; {@link MessageRingIT} has a writer in another process.
 */
@Timeout(120)
@ExtendWith(NoLeftoversExtension.class)
class MessageRingTests {

    static final Duration LIMIT = Duration.ofSeconds(60);
    static final int SMALL = 4096;

    private final List<SharedSegment> segments = new ArrayList<>();
    private final List<MessageRing> rings = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void release() throws InterruptedException {
        rings.forEach(MessageRing::close);
        threads.shutdownNow();
        // Unmapping under a thread that still touches the ring would crash the JVM: unmap only once all ended.
        boolean ended = threads.awaitTermination(LIMIT.toSeconds(), TimeUnit.SECONDS);
        for (SharedSegment segment : segments) {
            if (ended) {
                segment.close();
            }
            SharedSegment.unlink(segment.name());
        }
        assertThat(ended).as("threads of the test ended").isTrue();
    }

    /** A new ring in a new segment. */
    MessageRing ring(int capacity, int maxsize, boolean joinable) {
        SharedSegment segment =
                SharedSegment.create(SharedSegment.uniqueName("mp-test-ring"), MessageRing.segmentSize(capacity));
        segments.add(segment);
        MessageRing ring = MessageRing.create(segment, capacity, maxsize, joinable);
        rings.add(ring);
        return ring;
    }

    /** Another view of the ring's segment, as another process would map it. */
    MessageRing view(MessageRing of) {
        SharedSegment segment =
                SharedSegment.attach(segments.get(rings.indexOf(of)).name());
        segments.add(segment);
        MessageRing ring = new MessageRing(segment);
        rings.add(ring);
        return ring;
    }

    static long in(Duration duration) {
        return System.nanoTime() + duration.toNanos();
    }

    static long past() {
        return System.nanoTime() - 1;
    }

    /** A message: producer, sequence, then {@code size - 8} bytes that both determine. */
    static byte[] message(int producer, int sequence, int size) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.max(8, size));
        buffer.putInt(producer).putInt(sequence);
        for (int i = 8; i < buffer.capacity(); i++) {
            buffer.put((byte) (producer * 31 + sequence * 17 + i));
        }
        return buffer.array();
    }

    /** Checks a message's filler; returns {producer, sequence}. */
    static int[] check(byte[] message) {
        ByteBuffer buffer = ByteBuffer.wrap(message);
        int producer = buffer.getInt(0);
        int sequence = buffer.getInt(4);
        for (int i = 8; i < message.length; i++) {
            if (message[i] != (byte) (producer * 31 + sequence * 17 + i)) {
                throw new AssertionError("message " + producer + "/" + sequence + " of " + message.length
                        + " bytes is corrupt at byte " + i);
            }
        }
        return new int[] {producer, sequence};
    }

    // ------------------------------------------------------------------ layout

    @Test
    void segmentSizeAcceptsOnlyPowersOfTwoFrom4096To2Pow28() {
        assertThat(MessageRing.segmentSize(4096)).isEqualTo(MessageRing.HEADER + 4096);
        assertThat(MessageRing.segmentSize(1 << 28)).isEqualTo(MessageRing.HEADER + (1 << 28));
        for (int bad : new int[] {0, 2048, 4095, 6000, 1 << 29, -4096}) {
            assertThatThrownBy(() -> MessageRing.segmentSize(bad))
                    .as("capacity %d", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aSegmentWithoutARingIsRefusedAndAViewSeesTheCreatorsSettings() {
        String name = SharedSegment.uniqueName("mp-test-ring");
        try (SharedSegment blank = SharedSegment.create(name, MessageRing.segmentSize(SMALL))) {
            assertThatThrownBy(() -> new MessageRing(blank))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("holds no message ring");
        } finally {
            SharedSegment.unlink(name);
        }
        MessageRing ring = ring(8192, 7, false);
        MessageRing view = view(ring);
        assertThat(view.maxsize()).isEqualTo(7);
        assertThat(view.wholeLimit()).isEqualTo(ring.wholeLimit()).isEqualTo(8192 / 2 - 8);
        assertThat(ring(SMALL, -3, false).maxsize()).isZero();
    }

    // ------------------------------------------------------------------ order and sizes

    @Test
    void messagesArriveWholeInTheOrderWrittenWithTheirTags() throws Exception {
        MessageRing ring = ring(1 << 16, 0, false);
        MessageRing reader = view(ring);
        Random random = new Random(1);
        List<byte[]> written = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            byte[] message = message(0, i, 8 + random.nextInt(300));
            assertThat(ring.write(message, i % 256, in(LIMIT))).isTrue();
            written.add(message);
        }
        assertThat(ring.count()).isEqualTo(200);
        assertThat(reader.count()).isEqualTo(200);
        int[] tag = new int[1];
        for (int i = 0; i < 200; i++) {
            assertThat(reader.read(in(LIMIT), tag)).isEqualTo(written.get(i));
            assertThat(tag[0]).isEqualTo(i % 256);
            assertThat(ring.count()).isEqualTo(200 - i - 1);
        }
        assertThat(reader.read(past())).isNull();
    }

    @Test
    void sizesAroundTheRecordAndChunkLimitsIncludingEmptyArriveIntact() throws Exception {
        MessageRing ring = ring(SMALL, 0, false);
        int whole = ring.wholeLimit();
        int[] sizes = {0, 1, 7, 8, 9, 15, 16, 17, whole - 1, whole, whole + 1, whole + 8, SMALL - 200};
        int[] tag = new int[1];
        for (int size : sizes) {
            byte[] message = new byte[size];
            for (int i = 0; i < size; i++) {
                message[i] = (byte) (i * 7 + size);
            }
            // Even a streamed one fits the empty ring whole here, so one thread writes, then reads.
            assertThat(ring.write(message, 200, in(LIMIT)))
                    .as("write of %d bytes", size)
                    .isTrue();
            assertThat(ring.count()).isEqualTo(1);
            assertThat(ring.read(in(LIMIT), tag))
                    .as("message of %d bytes", size)
                    .isEqualTo(message);
            assertThat(tag[0]).isEqualTo(200);
            assertThat(ring.count()).isZero();
        }
    }

    @Test
    void wrapAroundOverHundredsOfCyclesOfTheRingKeepsEveryByte() throws Exception {
        MessageRing ring = ring(SMALL, 0, false);
        Random random = new Random(2);
        long bytes = 0;
        int sequence = 0;
        int readSequence = 0;
        // Batches of odd sizes fill the ring to different depths, so records (and their headers) straddle
        // the end of the data area at every offset the alignment allows.
        while (bytes < 500L * SMALL) {
            int batch = 1 + random.nextInt(6);
            int written = 0;
            for (int b = 0; b < batch; b++) {
                int size = 8 + random.nextInt(ring.wholeLimit() - 8 + 1);
                if (!ring.write(message(1, sequence, size), past())) {
                    break;
                }
                sequence++;
                written++;
                bytes += size;
            }
            assertThat(written)
                    .as("the ring, emptied before each batch, takes at least one message")
                    .isPositive();
            for (int b = 0; b < written; b++) {
                assertThat(check(ring.read(in(LIMIT)))).containsExactly(1, readSequence++);
            }
            assertThat(ring.count()).isZero();
        }
        assertThat(readSequence).isEqualTo(sequence);
    }

    @Test
    void aStreamedMessageThatStraddlesTheEndOfTheRingArrivesIntact() throws Exception {
        MessageRing ring = ring(SMALL, 0, false);
        for (int shift = 8; shift < SMALL; shift += 8 * 37) {
            // Move the positions on by `shift` bytes, then stream a message larger than half the ring.
            assertThat(ring.write(new byte[shift - 8], past())).isTrue();
            assertThat(ring.read(past())).hasSize(shift - 8);
            byte[] big = message(2, shift, SMALL - 100);
            assertThat(ring.write(big, in(LIMIT))).isTrue();
            assertThat(ring.read(in(LIMIT))).isEqualTo(big);
        }
    }

    @Test
    void largeRecordsAndChunksCopiedByMemmoveArriveIntactAcrossTheEndOfTheRing() throws Exception {
        int capacity = 1 << 18;
        MessageRing ring = ring(capacity, 0, false);
        Random random = new Random(3);
        // Records and streamed chunks of NativeCopy.THRESHOLD bytes or more go through memmove; sizes just
        // under the whole limit and above it move the positions so that copies straddle the end of the ring.
        for (int round = 0; round < 12; round++) {
            int size = round % 3 == 2
                    ? capacity + random.nextInt(capacity)
                    : NativeCopy.THRESHOLD + random.nextInt(ring.wholeLimit() - NativeCopy.THRESHOLD + 1);
            byte[] big = new byte[size];
            random.nextBytes(big);
            Future<Boolean> writer = threads.submit(() -> ring.write(big, in(LIMIT)));
            assertThat(ring.read(in(LIMIT))).isEqualTo(big);
            assertThat(writer.get(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }

    // ------------------------------------------------------------------ full and bounded

    @Test
    void aFullRingRefusesAtADeadlineInThePastTimesOutAtAFutureOneAndTakesMoreOnceRead() throws Exception {
        MessageRing ring = ring(SMALL, 0, false);
        int filled = 0;
        while (ring.write(message(0, filled, 100), past())) {
            filled++;
        }
        // Records of 8 + 104 bytes: 36 of them take 4032 of the 4096 bytes.
        assertThat(filled).isEqualTo(SMALL / 112);
        assertThat(ring.count()).isEqualTo(filled);
        long before = System.nanoTime();
        assertThat(ring.write(message(0, filled, 100), in(Duration.ofMillis(100))))
                .isFalse();
        assertThat(System.nanoTime() - before)
                .isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(ring.count()).isEqualTo(filled);

        // A writer that waits is let through by a read.
        int last = filled;
        Future<Boolean> waiting = threads.submit(() -> ring.write(message(0, last, 100), in(LIMIT)));
        MessageRing reader = view(ring);
        assertThat(check(reader.read(in(LIMIT)))).containsExactly(0, 0);
        assertThat(waiting.get(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= filled; i++) {
            assertThat(check(reader.read(in(LIMIT)))).containsExactly(0, i);
        }
        assertThat(reader.read(past())).isNull();
        long start = System.nanoTime();
        assertThat(reader.read(in(Duration.ofMillis(100)))).isNull();
        assertThat(System.nanoTime() - start)
                .isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
    }

    @Test
    void aBoundedRingHoldsAtMostMaxsizeMessagesHoweverSmall() throws Exception {
        MessageRing ring = ring(SMALL, 3, false);
        for (int i = 0; i < 3; i++) {
            assertThat(ring.write(new byte[] {(byte) i}, past())).isTrue();
        }
        assertThat(ring.write(new byte[] {3}, past())).isFalse();
        assertThat(ring.write(new byte[] {3}, in(Duration.ofMillis(50)))).isFalse();
        assertThat(ring.count()).isEqualTo(3);
        Future<Boolean> waiting = threads.submit(() -> ring.write(new byte[] {3}, in(LIMIT)));
        assertThat(ring.read(in(LIMIT))).containsExactly(0);
        assertThat(waiting.get(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(ring.count()).isEqualTo(3);
        for (int i = 1; i <= 3; i++) {
            assertThat(ring.read(in(LIMIT))).containsExactly(i);
        }
    }

    // ------------------------------------------------------------------ larger than the ring

    @Test
    void messagesLargerThanTheRingAreStreamedToAConcurrentReaderWhole() throws Exception {
        MessageRing ring = ring(SMALL, 0, false);
        MessageRing reader = view(ring);
        int[] sizes = {3 * SMALL + 123, 10, SMALL * 16, SMALL / 2, 5 * SMALL - 1, 0};
        Future<Void> writer = threads.submit(() -> {
            for (int i = 0; i < sizes.length; i++) {
                if (!ring.write(message(3, i, sizes[i]), i, in(LIMIT))) {
                    throw new AssertionError("write " + i + " timed out");
                }
            }
            return null;
        });
        int[] tag = new int[1];
        for (int i = 0; i < sizes.length; i++) {
            byte[] got = reader.read(in(LIMIT), tag);
            assertThat(got).hasSize(Math.max(8, sizes[i]));
            assertThat(check(got)).containsExactly(3, i);
            assertThat(tag[0]).isEqualTo(i);
        }
        writer.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(reader.read(past())).isNull();
    }

    @Test
    void aReaderThatTimesOutInTheMiddleOfAStreamedMessageGetsItWholeLater() throws Exception {
        MessageRing ring = ring(SMALL, 0, false);
        MessageRing reader = view(ring);
        byte[] big = message(4, 0, 40 * SMALL);
        Future<Boolean> writer =
                threads.submit(() -> ring.write(big, in(LIMIT)) && ring.write(message(4, 1, 20), in(LIMIT)));
        byte[] got = null;
        long deadline = in(LIMIT);
        while (got == null && System.nanoTime() - deadline < 0) {
            got = reader.read(in(Duration.ofNanos(50_000)));
        }
        assertThat(got).isEqualTo(big);
        assertThat(check(reader.read(in(LIMIT)))).containsExactly(4, 1);
        assertThat(writer.get(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aMessageLargerThanTheRingWithNoReaderTimesOutAndLeavesNothingBehind() throws Exception {
        MessageRing ring = ring(SMALL, 0, false);
        assertThat(ring.write(message(5, 0, 3 * SMALL), in(Duration.ofMillis(100))))
                .isFalse();
        assertThat(ring.count()).isZero();
        // The chunks written before the time-out are dropped by the reader (an ABORT record follows them).
        assertThat(ring.read(past())).isNull();
        assertThat(ring.write(message(5, 1, 50), past())).isTrue();
        assertThat(check(ring.read(in(LIMIT)))).containsExactly(5, 1);
        assertThat(ring.read(past())).isNull();
    }

    @Test
    void aWriterInterruptedInTheMiddleOfAStreamedMessageDeliversNothingOfIt() throws Exception {
        MessageRing ring = ring(SMALL, 0, false);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread writer = new Thread(
                () -> {
                    try {
                        outcome.complete(
                                ring.write(message(6, 0, 3 * SMALL), Long.MAX_VALUE)
                                        ? null
                                        : new AssertionError("false"));
                    } catch (Throwable t) {
                        outcome.complete(t);
                    }
                },
                "streaming-writer");
        writer.start();
        try {
            // Its first chunk is published (the tail moved), and with no reader the rest cannot follow.
            Awaitility.await()
                    .atMost(LIMIT)
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> (long) SharedSegment.LONG.getVolatile(
                                    segments.get(0).buffer(), 64)
                            != 0);
            writer.interrupt();
            assertThat(outcome.get(LIMIT.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        } finally {
            writer.interrupt();
            writer.join(LIMIT.toMillis());
        }
        assertThat(writer.isAlive()).isFalse();
        assertThat(ring.count()).isZero();
        // The reader drops what was streamed, and the ring goes on.
        assertThat(ring.read(past())).isNull();
        assertThat(ring.write(message(6, 1, 30), in(LIMIT))).isTrue();
        assertThat(check(ring.read(in(LIMIT)))).containsExactly(6, 1);
        assertThat(ring.read(past())).isNull();
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void concurrentWritersDeliverExactlyTheirMessagesEachInItsOwnOrder() throws Exception {
        MessageRing ring = ring(1 << 14, 0, false);
        int producers = 4;
        int perProducer = 3000;
        List<Future<Void>> writers = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            MessageRing own = view(ring);
            writers.add(threads.submit(() -> {
                Random random = new Random(producer);
                for (int i = 0; i < perProducer; i++) {
                    // Mostly small, now and then one larger than the ring (streamed under the writers lock).
                    int size = random.nextInt(100) == 0 ? (1 << 14) + random.nextInt(1 << 15) : 8 + random.nextInt(500);
                    if (!own.write(message(producer, i, size), producer, in(LIMIT))) {
                        throw new AssertionError("producer " + producer + " timed out at " + i);
                    }
                }
                return null;
            }));
        }
        int[] next = new int[producers];
        int[] tag = new int[1];
        for (int n = 0; n < producers * perProducer; n++) {
            byte[] got = ring.read(in(LIMIT), tag);
            assertThat(got).as("message %d", n).isNotNull();
            int[] header = check(got);
            assertThat(tag[0]).isEqualTo(header[0]);
            assertThat(header[1]).as("next of producer %d", header[0]).isEqualTo(next[header[0]]);
            next[header[0]]++;
        }
        for (Future<Void> writer : writers) {
            writer.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(next).containsOnly(perProducer);
        assertThat(ring.read(past())).isNull();
    }

    @Test
    void concurrentWritersAndReadersShareEveryMessageExactlyOnce() throws Exception {
        MessageRing ring = ring(SMALL * 2, 0, false);
        int producers = 3;
        int consumers = 2;
        int perProducer = 4000;
        List<Future<Void>> writers = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            MessageRing own = view(ring);
            writers.add(threads.submit(() -> {
                Random random = new Random(100 + producer);
                for (int i = 0; i < perProducer; i++) {
                    int size = random.nextInt(50) == 0 ? SMALL * 3 : 8 + random.nextInt(300);
                    if (!own.write(message(producer, i, size), in(LIMIT))) {
                        throw new AssertionError("producer " + producer + " timed out at " + i);
                    }
                }
                return null;
            }));
        }
        List<Future<Map<Integer, List<Integer>>>> readers = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            MessageRing own = view(ring);
            readers.add(threads.submit(() -> {
                Map<Integer, List<Integer>> seen = new HashMap<>();
                while (true) {
                    byte[] got = own.read(in(LIMIT));
                    if (got == null) {
                        throw new AssertionError("a reader timed out");
                    }
                    int[] header = check(got);
                    if (header[0] < 0) {
                        return seen;
                    }
                    List<Integer> sequences = seen.computeIfAbsent(header[0], k -> new ArrayList<>());
                    if (!sequences.isEmpty() && sequences.get(sequences.size() - 1) >= header[1]) {
                        throw new AssertionError("producer " + header[0] + " out of order: " + header[1] + " after "
                                + sequences.get(sequences.size() - 1));
                    }
                    sequences.add(header[1]);
                }
            }));
        }
        for (Future<Void> writer : writers) {
            writer.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
        }
        for (int c = 0; c < consumers; c++) {
            assertThat(ring.write(message(-1, c, 8), in(LIMIT))).isTrue();
        }
        Map<Integer, List<Integer>> all = new HashMap<>();
        for (Future<Map<Integer, List<Integer>>> reader : readers) {
            reader.get(LIMIT.toSeconds(), TimeUnit.SECONDS)
                    .forEach((producer, sequences) -> all.computeIfAbsent(producer, k -> new ArrayList<>())
                            .addAll(sequences));
        }
        assertThat(all.keySet()).containsExactlyInAnyOrder(0, 1, 2);
        for (List<Integer> sequences : all.values()) {
            assertThat(sequences).hasSize(perProducer).doesNotHaveDuplicates().allMatch(s -> s >= 0 && s < perProducer);
        }
        assertThat(ring.read(past())).isNull();
    }

    // ------------------------------------------------------------------ joinable

    @Test
    void aJoinableRingCountsMessagesUntilMarkedDone() throws Exception {
        MessageRing ring = ring(SMALL, 0, true);
        assertThat(ring.awaitAllDone(past())).isTrue();
        assertThat(ring.taskDone()).isFalse();
        assertThat(ring.write(new byte[10], past())).isTrue();
        assertThat(ring.write(new byte[3 * SMALL / 4], in(LIMIT))).isTrue();
        assertThat(ring.unfinished()).as("a streamed message counts once").isEqualTo(2);
        assertThat(ring.awaitAllDone(in(Duration.ofMillis(20)))).isFalse();
        Future<Boolean> joiner = threads.submit(() -> view(ring).awaitAllDone(in(LIMIT)));
        assertThat(ring.read(in(LIMIT))).hasSize(10);
        assertThat(ring.read(in(LIMIT))).hasSize(3 * SMALL / 4);
        assertThat(ring.unfinished()).as("reading does not finish a message").isEqualTo(2);
        assertThat(ring.taskDone()).isTrue();
        assertThat(ring.taskDone()).isTrue();
        assertThat(joiner.get(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(ring.taskDone()).isFalse();
        assertThat(ring.unfinished()).isZero();
        MessageRing plain = ring(SMALL, 0, false);
        assertThat(plain.write(new byte[1], past())).isTrue();
        assertThat(plain.unfinished()).isZero();
    }

    // ------------------------------------------------------------------ close and unlink

    @Test
    void closeFailsTheThreadsThatWaitOnThisViewOnlyAndLeavesOtherViewsWorking() throws Exception {
        MessageRing ring = ring(SMALL, 1, false);
        MessageRing other = view(ring);
        MessageRing closing = view(ring);
        Future<byte[]> reading = threads.submit(() -> closing.read(Long.MAX_VALUE));
        assertThatThrownBy(() -> {
                    closing.close();
                    reading.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
                })
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");

        assertThat(other.write(new byte[] {1}, past())).isTrue();
        MessageRing closingWriter = view(ring);
        Future<Boolean> writing = threads.submit(() -> closingWriter.write(new byte[] {2}, Long.MAX_VALUE));
        assertThatThrownBy(() -> {
                    closingWriter.close();
                    writing.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
                })
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);

        assertThat(other.read(in(LIMIT))).containsExactly(1);
        assertThat(other.read(past()))
                .as("the closed writer's message was not written")
                .isNull();
        assertThat(ring.write(new byte[] {3}, past())).isTrue();
        assertThat(other.read(in(LIMIT))).containsExactly(3);
    }

    @Test
    void aWriterWhoseViewIsClosedInTheMiddleOfAStreamedMessageDeliversNothingOfIt() throws Exception {
        MessageRing ring = ring(SMALL, 0, false);
        MessageRing closing = view(ring);
        Future<Boolean> writer = threads.submit(() -> closing.write(message(8, 0, 3 * SMALL), Long.MAX_VALUE));
        // Its first chunk is published (the tail moved), and with no reader the rest cannot follow.
        Awaitility.await()
                .atMost(LIMIT)
                .pollInterval(Duration.ofMillis(1))
                .until(() ->
                        (long) SharedSegment.LONG.getVolatile(segments.get(0).buffer(), 64) != 0);
        closing.close();
        assertThatThrownBy(() -> writer.get(LIMIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(ring.count()).isZero();
        assertThat(ring.read(past())).isNull();
        // The next message, from another view, arrives alone and whole.
        MessageRing other = view(ring);
        assertThat(other.write(message(8, 1, 40), in(LIMIT))).isTrue();
        assertThat(check(ring.read(in(LIMIT)))).containsExactly(8, 1);
        assertThat(ring.read(past())).isNull();
        assertThat(other.write(message(8, 2, 3 * SMALL / 4), in(LIMIT))).isTrue();
        assertThat(check(ring.read(in(LIMIT)))).containsExactly(8, 2);
    }

    @Test
    void anUnlinkedRingServesTheViewsThatMappedItAndNoNewOnes() throws Exception {
        MessageRing ring = ring(SMALL, 0, false);
        MessageRing view = view(ring);
        String name = segments.get(0).name();
        assertThat(SharedSegment.unlink(name)).isTrue();
        assertThat(SharedSegment.SHM_DIR.resolve(name)).doesNotExist();
        assertThat(ring.write(message(7, 0, 300), past())).isTrue();
        assertThat(check(view.read(in(LIMIT)))).containsExactly(7, 0);
        assertThatThrownBy(() -> SharedSegment.attach(name)).hasMessageContaining("No shared-memory segment");
    }
}
