package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.function.SerializableFunction;
import io.multiprocess.pool.Pool;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code pool.map(x -> x * x, 200,000 ints)} with Python's default chunksize on a warm pool of two
 * workers: items per second. Per-item serialization decides this case, since CPython's large default
 * chunks make its own per-task overhead vanish. Two twins: CPython's {@code multiprocessing} with a
 * module-level function, and the dill-based {@code multiprocess} package with a lambda (what a Java
 * lambda corresponds to).
 */
final class PoolMapTrivial implements BenchmarkCase {

    static final int ITEMS = 200_000;

    private final boolean againstDill;
    private final int warmups;
    private final int runs;

    PoolMapTrivial(boolean againstDill, int warmups, int runs) {
        this.againstDill = againstDill;
        this.warmups = warmups;
        this.runs = runs;
    }

    @Override
    public String name() {
        return againstDill
                ? "pool map, 200k items, a lambda, default chunks, 2 workers (vs dill-based multiprocess)"
                : "pool map, 200k items, default chunks, 2 workers (vs multiprocessing)";
    }

    @Override
    public String unit() {
        return "items/s";
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
            double rate = Medians.of(0, runs, WarmUp.forAtLeast(4, warmups, () -> {
                long start = System.nanoTime();
                List<Integer> squares = pool.map(square, items);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (squares.size() != ITEMS || squares.get(ITEMS - 1) != (ITEMS - 1) * (ITEMS - 1)) {
                    throw new IllegalStateException("Wrong results");
                }
                return ITEMS / seconds;
            }));
            pool.shutdown();
            pool.join();
            return rate;
        }
    }

    @Override
    public String pythonCase() {
        return againstDill ? "pool_map_lambda_dill" : "pool_map";
    }
}
