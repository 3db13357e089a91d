package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.function.SerializableFunction;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.ResultIterator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code pool.imap(square, 20,000 ints)} with chunksize 1 on a warm pool of two workers, consuming
 * every result: tasks per second. One task per item, read lazily from the input.
 */
final class PoolImap implements BenchmarkCase {

    static final int ITEMS = 20_000;

    private final int warmups;
    private final int runs;

    PoolImap(int warmups, int runs) {
        this.warmups = warmups;
        this.runs = runs;
    }

    @Override
    public String name() {
        return "pool imap, chunksize 1, 20k items, 2 workers";
    }

    @Override
    public String unit() {
        return "tasks/s";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double measureJava() throws Exception {
        List<Integer> items = IntStream.range(0, ITEMS).boxed().toList();
        SerializableFunction<Integer, Integer> square = x -> x * x;
        try (Pool pool = Multiprocess.getContext("spawn").pool(2)) {
            double rate = Medians.of(0, runs, WarmUp.forAtLeast(2, warmups, () -> {
                long start = System.nanoTime();
                int i = 0;
                try (ResultIterator<Integer> results = pool.imap(square, items, 1)) {
                    while (results.hasNext()) {
                        if (results.next() != i * i) {
                            throw new IllegalStateException("Wrong result for " + i);
                        }
                        i++;
                    }
                }
                if (i != ITEMS) {
                    throw new IllegalStateException("Only " + i + " results");
                }
                return ITEMS / ((System.nanoTime() - start) / 1e9);
            }));
            pool.shutdown();
            pool.join();
            return rate;
        }
    }

    @Override
    public String pythonCase() {
        return "pool_imap";
    }
}
