package io.multiprocess.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * Runs every benchmark case in Java and its twin in CPython, and prints one table.
 *
 * <p>Arguments: optional case-name filters (substrings); {@code --quick} for fewer repetitions;
 * {@code --breakdown} to print where a child's start goes instead ({@link StartupBreakdown}).
 * System property {@code python} names the interpreter (default {@code python3}).
 */
public final class BenchmarkRunner {

    private BenchmarkRunner() {}

    /**
     * Runs the benchmarks.
     *
     * @param args filters and flags
     * @throws Exception if a case fails
     */
    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        if (List.of(args).contains("--breakdown")) {
            StartupBreakdown.run(quick ? 11 : 31);
            return;
        }
        List<String> filters =
                List.of(args).stream().filter(a -> !a.startsWith("--")).toList();
        int scale = quick ? 1 : 3;
        List<BenchmarkCase> cases = List.of(
                new SpawnStartJoin(10 * scale),
                new ForkserverStartJoin(10 * scale),
                new TwoProcessesReady("spawn", 5 * scale),
                new TwoProcessesReady("forkserver", 5 * scale),
                new PoolFirstTask("spawn", 5 * scale),
                new PoolFirstTask("forkserver", 5 * scale),
                new ColdForkserver(true, 2 + scale),
                new ColdForkserver(false, 2 + scale),
                new TinyTaskRoundTrip(2000 * scale, 7),
                new ReducedValuesRoundTrip(2000 * scale),
                new UncontendedLockPairs(5_000_000, 3 + 2 * scale),
                new ValueIncrementTwoProcesses(100_000, 1 + 2 * scale),
                new ValueContended(false, scale),
                new ValueContended(true, scale),
                new SharedMemoryWrite(false, 3 + 2 * scale),
                new SharedMemoryWrite(true, 1 + 2 * scale),
                // Pool: warm pools of two workers.
                new PoolMapTrivial(false, 20 * scale, 7 * scale),
                new PoolMapTrivial(true, 20 * scale, 7 * scale),
                new PoolApplyAsync(5 * scale, 5 * scale),
                new PoolImap(5 * scale, 5 * scale),
                new PoolCpuBound(20, 3 * scale),
                new PoolMixedDurations(1 + 2 * scale),
                new IdleWorkerMemory(scale),
                // Pipes and queues.
                new QueueSmallInts(200_000 * scale, 5),
                new PipeRoundTrip(2000 * scale, 7),
                new MebibyteMessages(true, 200, 5),
                new MebibyteMessages(false, 200, 5),
                // Managers.
                new ManagerDictPairs(10_000 * scale, 5),
                // Scale-out on a Hazelcast cluster: no CPython twin.
                new ClusterCpuBound(20, 3 * scale));
        Path script = locateScript();
        List<String[]> rows = new ArrayList<>();
        for (BenchmarkCase c : cases) {
            if (!filters.isEmpty() && filters.stream().noneMatch(f -> c.name().contains(f))) {
                continue;
            }
            System.err.println("running: " + c.name());
            double java = c.measureJava();
            OptionalDouble python =
                    c.pythonCase() == null ? OptionalDouble.empty() : runPython(script, c.pythonCase(), quick);
            String ratio = python.isEmpty()
                    ? "-"
                    : String.format(
                            Locale.ROOT,
                            "%.2fx",
                            c.higherIsBetter() ? java / python.getAsDouble() : python.getAsDouble() / java);
            rows.add(new String[] {
                c.name(),
                format(java) + " " + c.unit(),
                python.isPresent() ? format(python.getAsDouble()) + " " + c.unit() : "-",
                ratio
            });
        }
        for (String extra : List.of("fork_start_join")) {
            if (filters.isEmpty()
                    || filters.stream().anyMatch(f -> extra.contains(f) || "spawn forkserver start".contains(f))) {
                OptionalDouble python = runPython(script, extra, quick);
                rows.add(new String[] {
                    "(CPython only) " + extra.replace('_', ' '),
                    "-",
                    python.isPresent() ? format(python.getAsDouble()) + " ms" : "-",
                    "-"
                });
            }
        }
        print(rows);
    }

    private static String format(double value) {
        if (value >= 10_000_000) {
            return String.format(Locale.ROOT, "%.1f M", value / 1e6);
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static void print(List<String[]> rows) {
        String[] header = {"case", "Java", "CPython", "ratio (>1: Java better)"};
        int[] widths = new int[header.length];
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int r = 0; r < all.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < header.length; i++) {
                line.append(String.format("%-" + widths[i] + "s", all.get(r)[i]))
                        .append(i + 1 < header.length ? " | " : "");
            }
            System.out.println(line);
            if (r == 0) {
                System.out.println("-".repeat(line.length()));
            }
        }
    }

    private static Path locateScript() {
        for (Path candidate : List.of(
                Path.of("multiprocess-core/src/test/python/bench_mp.py"), Path.of("src/test/python/bench_mp.py"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "src/test/python/bench_mp.py not found; run from the repository or multiprocess-core directory");
    }

    private static OptionalDouble runPython(Path script, String caseName, boolean quick)
            throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(System.getProperty("python", "python3"), script.toString(), caseName));
        if (quick) {
            command.add("--quick");
        }
        Process python = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
            output = reader.lines().reduce("", (a, b) -> b);
        }
        if (!python.waitFor(10, TimeUnit.MINUTES) || python.exitValue() != 0 || output.isBlank()) {
            System.err.println("CPython case " + caseName + " did not run (exit " + python.exitValue() + ")");
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Double.parseDouble(output.trim()));
    }
}
