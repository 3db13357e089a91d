package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;

/** start() + join() of a child that does nothing, start method "spawn": the cost of a process. */
final class SpawnStartJoin implements BenchmarkCase {

    private final int runs;

    SpawnStartJoin(int runs) {
        this.runs = runs;
    }

    @Override
    public String name() {
        return "spawn: start()+join() of a no-op child";
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
        ProcessContext ctx = Multiprocess.getContext("spawn");
        return Medians.of(3, runs, () -> {
            long start = System.nanoTime();
            ChildProcess child = ctx.process(() -> { });
            child.start();
            child.join();
            if (child.exitCode().orElse(-1) != 0) {
                throw new IllegalStateException("The no-op child failed: " + child);
            }
            return (System.nanoTime() - start) / 1e6;
        });
    }

    @Override
    public String pythonCase() {
        return "spawn_start_join";
    }
}
