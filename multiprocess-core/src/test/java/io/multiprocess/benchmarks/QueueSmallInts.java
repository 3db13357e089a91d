package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.queues.ProcessQueue;

/**
 * Small objects (ints) through a queue, one producer process to one consumer (this one): messages per
 * second, from the go signal to the last item received.
 */
final class QueueSmallInts implements BenchmarkCase {

    private final int items;
    private final int runs;

    QueueSmallInts(int items, int runs) {
        this.items = items;
        this.runs = runs;
    }

    @Override
    public String name() {
        return "queue of small ints, 1 producer process -> 1 consumer";
    }

    @Override
    public String unit() {
        return "msgs/s";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double measureJava() throws Exception {
        ProcessContext ctx = Multiprocess.getContext("spawn");
        ProcessQueue<Integer> queue = ctx.queue(0);
        ProcessQueue<Integer> go = ctx.queue(0);
        int count = items;
        int total = runs + 1;
        ChildProcess producer = ctx.process(() -> {
            for (int r = 0; r < total; r++) {
                go.get();
                for (int i = 0; i < count; i++) {
                    queue.put(i, null);
                }
            }
        });
        producer.start();
        double median = Medians.of(1, runs, () -> {
            go.put(1);
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                if (queue.get() != i) {
                    throw new IllegalStateException("out of order");
                }
            }
            return count / ((System.nanoTime() - start) / 1e9);
        });
        producer.join();
        queue.close();
        go.close();
        return median;
    }

    @Override
    public String pythonCase() {
        return "queue_small_ints";
    }
}
