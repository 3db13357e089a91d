package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.sharedctypes.SharedArray;
import io.multiprocess.sharedctypes.SharedValue;
import io.multiprocess.sharedctypes.TypeCode;
import io.multiprocess.synchronize.AbstractProcessLock;
import io.multiprocess.synchronize.ProcessEvent;
import io.multiprocess.synchronize.ProcessSemaphore;
import java.time.Duration;

/**
 * Two child processes each increment one shared value {@code n} times under its lock (Python's
 * {@code with v.get_lock(): v.value += 1}); the figure is increments per second from the moment both
 * are released by an event until the last one finishes (both clocks are CLOCK_MONOTONIC). The final
 * count must be exact. Each child first runs the same loop on a private value and gives the JIT
 * compiler a moment, so that the measured loop runs compiled and alone (CPython's runs interpreted
 * from the start).
 */
final class ValueIncrementTwoProcesses implements BenchmarkCase {

    private final int incrementsPerProcess;
    private final int runs;

    ValueIncrementTwoProcesses(int incrementsPerProcess, int runs) {
        this.incrementsPerProcess = incrementsPerProcess;
        this.runs = runs;
    }

    @Override
    public String name() {
        return "value: 2 processes x " + incrementsPerProcess + " increments under its lock";
    }

    @Override
    public String unit() {
        return "incr/s";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double measureJava() throws Exception {
        ProcessContext ctx = Multiprocess.getContext("spawn");
        int n = incrementsPerProcess;
        return Medians.of(0, runs, () -> {
            ProcessEvent go = ctx.event();
            ProcessSemaphore ready = ctx.semaphore(0);
            SharedValue counter = ctx.value(TypeCode.LONG, 0);
            SharedArray ends = ctx.rawArray(TypeCode.LONG, 2);
            try {
                ChildProcess[] workers = new ChildProcess[2];
                for (int w = 0; w < 2; w++) {
                    int slot = w;
                    workers[w] = ctx.process(() -> {
                        SharedValue warmUp = ctx.value(TypeCode.LONG, 0);
                        try {
                            for (int round = 0; round < 5; round++) {
                                increment(warmUp, n);
                            }
                        } finally {
                            warmUp.unlink();
                        }
                        // Also load the futex binding (JNA, ~100 ms in a fresh JVM) before the clock starts.
                        go.await(Duration.ofMillis(1));
                        sleep(200);
                        ready.release();
                        go.await(Duration.ofMinutes(1));
                        increment(counter, n);
                        ends.setLong(slot, System.nanoTime());
                    });
                    workers[w].start();
                }
                ready.acquire(Duration.ofMinutes(1));
                ready.acquire(Duration.ofMinutes(1));
                long start = System.nanoTime();
                go.set();
                for (ChildProcess worker : workers) {
                    worker.join();
                    if (worker.exitCode().orElse(-1) != 0) {
                        throw new IllegalStateException("A worker failed: " + worker);
                    }
                }
                if (counter.getLong() != 2L * n) {
                    throw new IllegalStateException("Lost increments: " + counter.getLong() + " instead of " + 2L * n);
                }
                long end = Math.max(ends.getLong(0), ends.getLong(1));
                return 2.0 * n / ((end - start) / 1e9);
            } finally {
                ends.unlink();
                counter.unlink();
                ready.unlink();
                go.unlink();
            }
        });
    }

    /** Lets the JIT compiler threads finish before the measured loop starts. */
    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void increment(SharedValue value, int n) {
        AbstractProcessLock lock = value.getLock();
        for (int i = 0; i < n; i++) {
            lock.acquire();
            try {
                value.setLong(value.getLong() + 1);
            } finally {
                lock.release();
            }
        }
    }

    @Override
    public String pythonCase() {
        return "value_increments";
    }
}
