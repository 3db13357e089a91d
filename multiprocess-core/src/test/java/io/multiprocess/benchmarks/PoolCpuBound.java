package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.pool.AsyncResult;
import io.multiprocess.pool.Pool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A CPU-bound job: 2 x N tasks of about 10 ms of computation each, on a warm pool of two workers,
 * beside the same job on a 2-thread {@link ExecutorService} of this JVM: the pool's overhead. The
 * CPython twin runs 2 x N tasks of the same arithmetic, calibrated to about 10 ms in Python, on its pool
 * of two processes. The figure that matters is the pool beside the executor: on a machine that other
 * work keeps busy, every figure of this case moves with the load.
 */
final class PoolCpuBound implements BenchmarkCase {

    private static final double TASK_MILLIS = 10;

    private final int tasksPerWorker;
    private final int runs;
    private double executorMillis = Double.NaN;

    PoolCpuBound(int tasksPerWorker, int runs) {
        this.tasksPerWorker = tasksPerWorker;
        this.runs = runs;
    }

    @Override
    public String name() {
        String base = "CPU-bound job, 2 x " + tasksPerWorker + " tasks of ~10 ms, 2 workers";
        if (Double.isNaN(executorMillis)) {
            return base;
        }
        return base + String.format(Locale.ROOT, " [2-thread ExecutorService: %.1f ms]", executorMillis);
    }

    @Override
    public String unit() {
        return "ms";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    /** About {@code iterations} ns of arithmetic the JIT cannot skip. */
    static long work(long seed, long iterations) {
        long x = seed;
        for (long i = 0; i < iterations; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            x ^= x >>> 29;
        }
        return x;
    }

    /** The number of iterations that takes {@link #TASK_MILLIS} on this machine, once compiled. */
    static long calibrate() {
        long iterations = 1_000_000;
        long sink = 0;
        for (int i = 0; i < 30; i++) {
            sink += work(i, iterations);
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 15; i++) {
            long start = System.nanoTime();
            sink += work(i, iterations);
            best = Math.min(best, (System.nanoTime() - start) / 1e6);
        }
        // The results are used, so the JIT cannot drop the loop.
        if (sink == 42) {
            System.err.print("");
        }
        return (long) (iterations * TASK_MILLIS / best);
    }

    @Override
    public double measureJava() throws Exception {
        long iterations = calibrate();
        int tasks = 2 * tasksPerWorker;
        ExecutorService executor = Executors.newFixedThreadPool(2);
        double[] executorRuns = new double[runs];
        double[] poolRuns = new double[runs];
        try (Pool pool = Multiprocess.getContext("spawn").pool(2)) {
            for (int warm = 0; warm < 3; warm++) {
                runPool(pool, tasks, iterations);
                runExecutor(executor, tasks, iterations);
            }
            for (int r = 0; r < runs; r++) {
                poolRuns[r] = runPool(pool, tasks, iterations);
                executorRuns[r] = runExecutor(executor, tasks, iterations);
            }
            pool.shutdown();
            pool.join();
        } finally {
            executor.shutdownNow();
        }
        executorMillis = median(executorRuns);
        return median(poolRuns);
    }

    static double runPool(Pool pool, int tasks, long iterations) {
        long start = System.nanoTime();
        List<AsyncResult<Long>> results = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            long seed = i;
            results.add(pool.applyAsync(() -> work(seed, iterations)));
        }
        results.forEach(AsyncResult::result);
        return (System.nanoTime() - start) / 1e6;
    }

    private static double runExecutor(ExecutorService executor, int tasks, long iterations) throws Exception {
        long start = System.nanoTime();
        List<Future<Long>> results = new ArrayList<>(tasks);
        for (int i = 0; i < tasks; i++) {
            long seed = i;
            results.add(executor.submit(() -> work(seed, iterations)));
        }
        for (Future<Long> result : results) {
            result.get();
        }
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    @Override
    public String pythonCase() {
        return "pool_cpu_bound";
    }
}
