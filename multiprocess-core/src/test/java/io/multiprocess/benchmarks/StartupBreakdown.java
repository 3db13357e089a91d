package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.forkserver.ForkServer;
import io.multiprocess.process.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the start+join of a no-op child goes, per start method: the children run with
 * {@code -Dmultiprocess.trace.startup=<file>} and write their side (System.nanoTime() is one clock for all
 * processes on Linux); this side adds the parent's. Medians in ms. Run with {@code benchmarks.sh --breakdown}.
 */
final class StartupBreakdown {

    private static final Pattern TRACE = Pattern.compile("main=(\\d+) frame=(\\d+) ready=(\\d+) end=(\\d+)");

    private StartupBreakdown() {}

    static void run(int runs) throws Exception {
        for (String method : List.of("spawn", "forkserver")) {
            Path err = Files.createTempFile("mp-breakdown-", ".txt");
            try {
                print(method, measure(method, runs, err));
            } finally {
                Files.deleteIfExists(err);
            }
        }
    }

    private static Map<String, double[]> measure(String method, int runs, Path err) throws Exception {
        boolean forkserver = method.equals("forkserver");
        ProcessContext ctx = Multiprocess.getContext(method).withJvmOptions("-Dmultiprocess.trace.startup=" + err);
        SpawnStartJoin.awaitArchive(ctx);
        if (forkserver) {
            ForkServer.ensureRunning(ctx.settings());
        }
        Map<String, double[]> parts = new LinkedHashMap<>();
        String[] names = forkserver
                ? new String[] {
                    "start() returns",
                    "start() to frame read by the spare",
                    "frame to process object",
                    "run()",
                    "run() end to join() return (JVM exit, reaping, report)",
                    "total"
                }
                : new String[] {
                    "start() returns",
                    "start() to JVM main",
                    "main to frame read",
                    "frame to process object",
                    "run()",
                    "run() end to join() return (JVM exit, reaping)",
                    "total"
                };
        for (String name : names) {
            parts.put(name, new double[runs]);
        }
        try {
            for (int i = -2; i < runs; i++) {
                if (forkserver) {
                    ForkserverStartJoin.awaitReadySpares(ctx.forkserverSpares());
                }
                long t0 = System.nanoTime();
                ChildProcess child = ctx.process(() -> {});
                child.start();
                long started = System.nanoTime();
                child.join();
                long joined = System.nanoTime();
                if (i < 0) {
                    continue;
                }
                List<String> lines = Files.readAllLines(err);
                Matcher m = TRACE.matcher(lines.get(lines.size() - 1));
                if (!m.find()) {
                    throw new IllegalStateException("No start-up trace from the child: " + lines);
                }
                long main = Long.parseLong(m.group(1));
                long frame = Long.parseLong(m.group(2));
                long ready = Long.parseLong(m.group(3));
                long end = Long.parseLong(m.group(4));
                List<Long> values = new ArrayList<>(List.of(started - t0));
                if (!forkserver) {
                    values.add(main - t0);
                    values.add(frame - main);
                } else {
                    values.add(frame - t0);
                }
                values.addAll(List.of(ready - frame, end - ready, joined - end, joined - t0));
                int k = 0;
                for (double[] samples : parts.values()) {
                    samples[i] = values.get(k++) / 1e6;
                }
            }
        } finally {
            if (forkserver) {
                ForkServer.stop();
            }
        }
        return parts;
    }

    private static void print(String method, Map<String, double[]> parts) {
        System.out.println(method + ": where start()+join() of a no-op child goes (medians, ms)");
        for (Map.Entry<String, double[]> part : parts.entrySet()) {
            double[] sorted = part.getValue().clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "  %-58s %7.1f%n", part.getKey(), sorted[sorted.length / 2]);
        }
    }
}
