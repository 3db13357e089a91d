package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.forkserver.ForkServer;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.process.ForkServerClient;

/**
 * start() + join() of a child that does nothing, start method "forkserver", with the server's spares ready:
 * before each start the benchmark waits (untimed) until all the context's spares have warmed up, as a
 * program that starts a process now and then would find them, so that no replacement spare boots on the
 * 2 cores during the measured start (CPython's forkserver has no such background work). Back-to-back
 * starts beyond the spare count run at spawn speed until the replacements have warmed up.
 */
final class ForkserverStartJoin implements BenchmarkCase {

    private final int runs;

    ForkserverStartJoin(int runs) {
        this.runs = runs;
    }

    @Override
    public String name() {
        return "forkserver: start()+join() of a no-op child (spares ready)";
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
        ProcessContext ctx = Multiprocess.getContext("forkserver");
        SpawnStartJoin.awaitArchive(ctx);
        ForkServer.ensureRunning(ctx.settings());
        try {
            return Medians.of(3, runs, () -> {
                awaitReadySpares(ctx.forkserverSpares());
                long start = System.nanoTime();
                ChildProcess child = ctx.process(() -> {});
                child.start();
                child.join();
                double millis = (System.nanoTime() - start) / 1e6;
                if (child.exitCode().orElse(-1) != 0) {
                    throw new IllegalStateException("The no-op child failed: " + child);
                }
                return millis;
            });
        } finally {
            ForkServer.stop();
        }
    }

    /** Waits, untimed, until the forkserver has {@code count} warmed-up spares. */
    static void awaitReadySpares(int count) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (ForkServerClient.readySpares().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The forkserver has no " + count + " ready spares after 2 minutes");
            }
            Thread.sleep(5);
        }
    }

    @Override
    public String pythonCase() {
        return "forkserver_start_join";
    }
}
