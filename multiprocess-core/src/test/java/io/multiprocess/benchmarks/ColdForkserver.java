package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.forkserver.ForkServer;
import io.multiprocess.pool.Pool;
import io.multiprocess.process.ChildProcess;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A fresh JVM's first forkserver {@code Pool(2)} with its first task served, or its first forkserver
 * process started and joined: the forkserver and its spares boot inside the figure (the other forkserver
 * rows start with spares ready). Each sample is a new JVM running {@link #main}, timed from its
 * {@code main} to the end (the JVM's own boot is not counted, nor is the interpreter's in CPython's
 * twin, which runs a fresh interpreter per sample). The class-data archives exist already (one
 * unmeasured launch first).
 */
final class ColdForkserver implements BenchmarkCase {

    private final boolean pool;
    private final int runs;

    ColdForkserver(boolean pool, int runs) {
        this.pool = pool;
        this.runs = runs;
    }

    @Override
    public String name() {
        return pool
                ? "forkserver, cold: a fresh JVM's first Pool(2) and its first task (server and spares booting)"
                : "forkserver, cold: a fresh JVM's first process start()+join() (server booting)";
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
        return Medians.of(1, runs, this::launch);
    }

    private double launch() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ColdForkserver.class.getName(),
                pool ? "pool" : "process"));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .directory(new File("."))
                .start();
        String last = "";
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                last = line;
            }
        }
        if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("The cold forkserver JVM failed: " + last);
        }
        return Double.parseDouble(last.trim());
    }

    /**
     * One cold sample: prints the milliseconds from here to the first task served (or process joined).
     *
     * @param args {@code pool} or {@code process}
     * @throws Exception if the pool or process fails
     */
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        ProcessContext ctx = Multiprocess.getContext("forkserver");
        double millis;
        if (args[0].equals("pool")) {
            try (Pool pool = ctx.pool(2)) {
                int result = pool.apply(() -> 42);
                millis = (System.nanoTime() - start) / 1e6;
                if (result != 42) {
                    throw new IllegalStateException("Wrong result " + result);
                }
            }
        } else {
            ChildProcess child = ctx.process(() -> {});
            child.start();
            child.join();
            millis = (System.nanoTime() - start) / 1e6;
        }
        ForkServer.stop();
        System.out.println(String.format(Locale.ROOT, "%.3f", millis));
        System.exit(0);
    }

    @Override
    public String pythonCase() {
        return pool ? "cold_forkserver_pool" : "cold_forkserver_process";
    }
}
