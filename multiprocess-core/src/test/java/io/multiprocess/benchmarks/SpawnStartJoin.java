package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;
import java.io.File;
import java.util.Arrays;

/**
 * start() + join() of a child that does nothing, start method "spawn": the cost of a process. The class
 * path of benchmarks.sh is made of jars, so children map a class-data-sharing archive; the benchmark waits,
 * untimed, until it is built.
 */
final class SpawnStartJoin implements BenchmarkCase {

    private final int runs;

    SpawnStartJoin(int runs) {
        this.runs = runs;
    }

    @Override
    public String name() {
        return "spawn: start()+join() of a no-op child (class-data-sharing archive)";
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
        awaitArchive(ctx);
        return Medians.of(3, runs, () -> {
            long start = System.nanoTime();
            ChildProcess child = ctx.process(() -> {});
            child.start();
            child.join();
            if (child.exitCode().orElse(-1) != 0) {
                throw new IllegalStateException("The no-op child failed: " + child);
            }
            return (System.nanoTime() - start) / 1e6;
        });
    }

    /**
     * Starts a child, which starts the training of the context's archive, and waits (untimed, at most two
     * minutes) until children get it. Does nothing when children cannot have one (a class path with
     * directories).
     */
    static void awaitArchive(ProcessContext ctx) throws InterruptedException {
        ChildProcess first = Multiprocess.getContext("spawn")
                .withJvmOptions(ctx.jvmOptions())
                .process(() -> {});
        first.start();
        first.join();
        boolean jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .allMatch(entry -> entry.endsWith(".jar"));
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (jars
                && System.nanoTime() < deadline
                && ctx.commandLine().stream()
                        .noneMatch(option ->
                                option.startsWith("-XX:SharedArchiveFile") || option.startsWith("-XX:AOTCache"))) {
            Thread.sleep(20);
        }
    }

    @Override
    public String pythonCase() {
        return "spawn_start_join";
    }
}
