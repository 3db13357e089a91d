package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.forkserver.ForkServer;
import io.multiprocess.pool.Pool;

/**
 * Pool start-up: {@code ctx.pool(2)} created and its first task ({@code apply} of a no-op) served,
 * beside CPython's {@code Pool(2)} and its first {@code apply}. The pool is terminated after each run,
 * untimed; for forkserver, the benchmark waits (untimed) until 2 spares are ready before each run.
 */
final class PoolFirstTask implements BenchmarkCase {

    private final String method;
    private final int runs;

    PoolFirstTask(String method, int runs) {
        this.method = method;
        this.runs = runs;
    }

    @Override
    public String name() {
        return method + ": Pool(2) created and its first task served";
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
        boolean forkserver = method.equals("forkserver");
        ProcessContext ctx = Multiprocess.getContext(method).withForkserverSpares(2);
        SpawnStartJoin.awaitArchive(ctx);
        if (forkserver) {
            ForkServer.ensureRunning(ctx.settings());
        }
        try {
            return Medians.of(2, runs, () -> {
                if (forkserver) {
                    ForkserverStartJoin.awaitReadySpares(2);
                }
                long start = System.nanoTime();
                Pool pool = ctx.pool(2);
                int result = pool.apply(() -> 42);
                double millis = (System.nanoTime() - start) / 1e6;
                pool.close();
                if (result != 42) {
                    throw new IllegalStateException("Wrong result " + result);
                }
                return millis;
            });
        } finally {
            if (forkserver) {
                ForkServer.stop();
            }
        }
    }

    @Override
    public String pythonCase() {
        return "pool2_first_task_" + method;
    }
}
