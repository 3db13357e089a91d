package io.multiprocess.internal.ipc;

import static io.multiprocess.internal.ipc.MessageRingTests.LIMIT;
import static io.multiprocess.internal.ipc.MessageRingTests.check;
import static io.multiprocess.internal.ipc.MessageRingTests.in;
import static io.multiprocess.internal.ipc.MessageRingTests.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.StartMethod;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.internal.shm.SharedSegment;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.testing.NoLeftoversExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The ring between processes: writers in child processes that attach it by name, with writers in this JVM. */
@Timeout(300)
@ExtendWith(NoLeftoversExtension.class)
class MessageRingIT {

    private static final int CAPACITY = 1 << 14;
    private static final int PER_PRODUCER = 5000;

    /** Writes PER_PRODUCER messages of varied sizes, some larger than the ring, to the ring of a named segment. */
    static void produce(String segmentName, int producer) {
        try (SharedSegment segment = SharedSegment.attach(segmentName)) {
            MessageRing ring = new MessageRing(segment);
            Random random = new Random(producer);
            for (int i = 0; i < PER_PRODUCER; i++) {
                int size = random.nextInt(100) == 0 ? CAPACITY + random.nextInt(2 * CAPACITY) : 8 + random.nextInt(700);
                if (!ring.write(message(producer, i, size), producer, in(LIMIT))) {
                    throw new IllegalStateException("producer " + producer + " timed out at message " + i);
                }
            }
            ring.close();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void writersInChildProcessesAndInThisJvmDeliverExactlyTheirMessagesEachInItsOwnOrder() throws Exception {
        ProcessContext ctx = ProcessContext.of(StartMethod.SPAWN);
        String name = SharedSegment.uniqueName("mp-test-ring");
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<ChildProcess> children = new ArrayList<>();
        try (SharedSegment segment = SharedSegment.create(name, MessageRing.segmentSize(CAPACITY))) {
            MessageRing ring = MessageRing.create(segment, CAPACITY, 0, false);
            for (int p = 0; p < 2; p++) {
                int producer = p;
                ChildProcess child = ctx.process(() -> produce(name, producer));
                children.add(child);
                child.start();
            }
            List<Future<?>> local = new ArrayList<>();
            for (int p = 2; p < 4; p++) {
                int producer = p;
                local.add(threads.submit(() -> produce(name, producer)));
            }
            int[] next = new int[4];
            int[] tag = new int[1];
            for (int n = 0; n < 4 * PER_PRODUCER; n++) {
                byte[] got = ring.read(in(LIMIT), tag);
                assertThat(got).as("message %d", n).isNotNull();
                int[] header = check(got);
                assertThat(tag[0]).isEqualTo(header[0]);
                assertThat(header[1]).as("next of producer %d", header[0]).isEqualTo(next[header[0]]);
                next[header[0]]++;
            }
            assertThat(next).containsOnly(PER_PRODUCER);
            for (Future<?> writer : local) {
                writer.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            }
            for (ChildProcess child : children) {
                assertThat(child.join(LIMIT)).isTrue();
                assertThat(child.exitCode()).hasValue(0);
            }
            assertThat(ring.read(System.nanoTime())).isNull();
            assertThat(ring.count()).isZero();
            ring.close();
        } finally {
            children.forEach(child -> {
                if (child.isAlive()) {
                    child.kill();
                    child.join(LIMIT);
                }
            });
            threads.shutdownNow();
            threads.awaitTermination(LIMIT.toSeconds(), TimeUnit.SECONDS);
            SharedSegment.unlink(name);
        }
    }
}
