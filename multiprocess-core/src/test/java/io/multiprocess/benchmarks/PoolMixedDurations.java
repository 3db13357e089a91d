package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.function.SerializableFunction;
import io.multiprocess.pool.AsyncResult;
import io.multiprocess.pool.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Mixed durations on a pool of two workers warmed up by tiny tasks (so that it sends tasks ahead in
 * batches): one task of 2 s, then 200 of 10 ms, all with {@code applyAsync}; the time until every result
 * is in. The ideal is {@code max(2 s, total work / 2) = 2 s}: one worker runs the long task while the other
 * runs the short ones. A pool that leaves short tasks queued behind the long one takes longer.
 */
final class PoolMixedDurations implements BenchmarkCase {

    static final int LONG_MILLIS = 2_000;
    static final int SHORT_MILLIS = 10;
    static final int SHORT_TASKS = 200;

    private final int runs;

    PoolMixedDurations(int runs) {
        this.runs = runs;
    }

    @Override
    public String name() {
        return "pool mixed durations: 1 x 2 s + 200 x 10 ms, 2 workers (ideal 2000 ms)";
    }

    @Override
    public String unit() {
        return "ms";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double measureJava() throws Exception {
        SerializableFunction<Integer, Integer> sleep = millis -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return millis;
        };
        List<Integer> tiny = IntStream.range(0, 20_000).boxed().toList();
        try (Pool pool = Multiprocess.getContext("spawn").pool(2)) {
            return Medians.of(0, runs, () -> {
                pool.map((Integer x) -> x + 1, tiny, 1);
                long start = System.nanoTime();
                List<AsyncResult<Integer>> results = new ArrayList<>(SHORT_TASKS + 1);
                results.add(pool.applyAsync(sleep, LONG_MILLIS));
                for (int i = 0; i < SHORT_TASKS; i++) {
                    results.add(pool.applyAsync(sleep, SHORT_MILLIS));
                }
                for (AsyncResult<Integer> result : results) {
                    result.result();
                }
                return (System.nanoTime() - start) / 1e6;
            });
        }
    }

    @Override
    public String pythonCase() {
        return "pool_mixed_durations";
    }
}
