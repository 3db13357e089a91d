package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.connection.Connection;
import io.multiprocess.connection.Pipe;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.queues.ProcessQueue;

/**
 * 1 MiB messages from a child to this process, through a queue (serialized byte arrays) or a pipe
 * (raw bytes): GB/s from the go signal to the last byte received.
 */
final class MebibyteMessages implements BenchmarkCase {

    private static final int SIZE = 1 << 20;

    private final boolean queue;
    private final int messages;
    private final int runs;

    MebibyteMessages(boolean queue, int messages, int runs) {
        this.queue = queue;
        this.messages = messages;
        this.runs = runs;
    }

    @Override
    public String name() {
        return "1 MiB messages through a " + (queue ? "queue" : "pipe");
    }

    @Override
    public String unit() {
        return "GB/s";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double measureJava() throws Exception {
        ProcessContext ctx = Multiprocess.getContext("spawn");
        int count = messages;
        int total = runs + 1;
        ProcessQueue<byte[]> items = ctx.queue(0);
        Pipe pipe = ctx.pipe(true);
        Connection childEnd = pipe.second();
        boolean viaQueue = queue;
        ChildProcess producer = ctx.process(() -> {
            byte[] payload = new byte[SIZE];
            for (int r = 0; r < total; r++) {
                childEnd.recv();
                for (int i = 0; i < count; i++) {
                    if (viaQueue) {
                        items.put(payload, null);
                    } else {
                        childEnd.sendBytes(payload);
                    }
                }
            }
        });
        producer.start();
        childEnd.close();
        Connection parentEnd = pipe.first();
        double median = Medians.of(1, runs, () -> {
            parentEnd.send(1);
            long start = System.nanoTime();
            long bytes = 0;
            for (int i = 0; i < count; i++) {
                bytes += viaQueue ? items.get().length : parentEnd.recvBytes().length;
            }
            return bytes / ((System.nanoTime() - start) / 1e9) / 1e9;
        });
        producer.join();
        items.close();
        parentEnd.close();
        return median;
    }

    @Override
    public String pythonCase() {
        return queue ? "queue_mib_messages" : "pipe_mib_messages";
    }
}
