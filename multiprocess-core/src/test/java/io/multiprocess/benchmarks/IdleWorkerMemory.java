package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.function.SerializableFunction;
import io.multiprocess.pool.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The memory of an idle warm worker of a spawn {@code Pool(2)} with the default settings: its
 * proportional set size (PSS, {@code /proc/<pid>/smaps_rollup}), which counts a page shared by n
 * processes (the class-data archive, the JDK's libraries) as 1/n. Each pool first maps 10 x 200k items
 * and serves 2,000 {@code applyAsync} tasks, then stays idle for 2 s before its workers are read. The
 * JVM options of the workers can be changed for experiments with
 * {@code -Dbenchmarks.workerJvmOptions="-Xmx64m ..."}; {@code -Dbenchmarks.smapsDirectory=<dir>} copies
 * each worker's {@code /proc/<pid>/smaps} there, to see where the memory goes.
 */
final class IdleWorkerMemory implements BenchmarkCase {

    private final int pools;

    IdleWorkerMemory(int pools) {
        this.pools = pools;
    }

    @Override
    public String name() {
        return "memory per idle warm Pool(2) worker (PSS)";
    }

    @Override
    public String unit() {
        return "MiB";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public double measureJava() throws Exception {
        String extra = System.getProperty("benchmarks.workerJvmOptions", "").trim();
        ProcessContext ctx = Multiprocess.getContext("spawn");
        if (!extra.isEmpty()) {
            ctx = ctx.withJvmOptions(extra.split("\\s+"));
        }
        List<Integer> items = IntStream.range(0, 200_000).boxed().toList();
        SerializableFunction<Integer, Integer> square = x -> x * x;
        List<Double> samples = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int p = 0; p < pools; p++) {
            try (Pool pool = ctx.pool(2)) {
                for (int i = 0; i < 10; i++) {
                    pool.map(square, items);
                }
                var results = IntStream.range(0, 2000)
                        .mapToObj(i -> pool.applyAsync(() -> i + 1))
                        .toList();
                for (var result : results) {
                    result.get();
                }
                Thread.sleep(Long.getLong("benchmarks.idleMillis", 2000));
                for (long pid : workerPids()) {
                    if (!Files.exists(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                        continue; // a worker of an earlier pool that has just exited
                    }
                    samples.add(pssMiB(pid));
                    cpu.add(cpuSeconds(pid));
                    String dump = System.getProperty("benchmarks.smapsDirectory");
                    if (dump != null) {
                        Files.copy(Path.of("/proc/" + pid + "/smaps"), Path.of(dump, pid + ".smaps"));
                    }
                }
                pool.shutdown();
                pool.join();
            }
        }
        double[] values =
                samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.err.printf(Locale.ROOT, "  worker PSS samples (MiB): %s%n", Arrays.toString(values));
        // The CPU time each worker used for the warm-up's work: a figure that load on the machine distorts little.
        System.err.printf(Locale.ROOT, "  worker CPU seconds (user + system): %s%n", cpu);
        return values.length % 2 == 1
                ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    /**
     * The pool's workers: this JVM's children that run the child main class, without the training JVM
     * that builds a class-data archive the first time a configuration runs.
     */
    private static List<Long> workerPids() {
        return ProcessHandle.current()
                .children()
                .filter(child -> {
                    String command = child.info().commandLine().orElse("");
                    return command.contains("io.multiprocess.process.ChildMain") && !command.contains(" --train");
                })
                .map(ProcessHandle::pid)
                .toList();
    }

    /** A process's user + system CPU time, from /proc/<pid>/stat (clock ticks of 10 ms). */
    static double cpuSeconds(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** A process's proportional set size, from its smaps_rollup. */
    static double pssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            if (line.startsWith("Pss:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IOException("No Pss line in /proc/" + pid + "/smaps_rollup");
    }

    @Override
    public String pythonCase() {
        return "idle_worker_pss";
    }
}
