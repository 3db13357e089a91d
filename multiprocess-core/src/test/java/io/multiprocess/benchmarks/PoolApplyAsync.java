package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.function.SerializableFunction;
import io.multiprocess.pool.AsyncResult;
import io.multiprocess.pool.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * 20,000 {@code pool.applyAsync(square, i)} on a warm pool of two workers, then every result:
 * tasks per second. The per-task overhead of the pool: one task and one result message each.
 */
final class PoolApplyAsync implements BenchmarkCase {

    static final int TASKS = 20_000;

    private final int warmups;
    private final int runs;

    PoolApplyAsync(int warmups, int runs) {
        this.warmups = warmups;
        this.runs = runs;
    }

    @Override
    public String name() {
        return "pool applyAsync x 20k, then get all, 2 workers";
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
        SerializableFunction<Integer, Integer> square = x -> x * x;
        try (Pool pool = Multiprocess.getContext("spawn").pool(2)) {
            double rate = Medians.of(0, runs, WarmUp.forAtLeast(2, warmups, () -> {
                long start = System.nanoTime();
                List<AsyncResult<Integer>> results = new ArrayList<>(TASKS);
                for (int i = 0; i < TASKS; i++) {
                    results.add(pool.applyAsync(square, i));
                }
                for (int i = 0; i < TASKS; i++) {
                    if (results.get(i).result() != i * i) {
                        throw new IllegalStateException("Wrong result for " + i);
                    }
                }
                return TASKS / ((System.nanoTime() - start) / 1e9);
            }));
            pool.shutdown();
            pool.join();
            return rate;
        }
    }

    @Override
    public String pythonCase() {
        return "pool_apply_async";
    }
}
