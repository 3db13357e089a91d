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
import java.util.Arrays;
import java.util.Locale;

/**
 * Two child processes increment one shared value under its lock until it reaches a total (Python's
 * {@code with v.get_lock(): if v.value >= total: break; v.value += 1}), so that they contend for the
 * lock the whole time, for seconds. The final count must be exactly the total, and the two processes'
 * own counts must add up to it. Two figures from the same runs: increments per second, and the share of
 * the increments the less served process made (fairness: 50% is an even split; a lock that lets its
 * holder take it again at once gives a few percent). The total is 40 M in Java and 2 M in CPython, for
 * a few seconds in both.
 */
final class ValueContended implements BenchmarkCase {

    /** The increments in Java: a few seconds at the contended rate. */
    static final long TOTAL = 40_000_000L;

    private static double[] rates;
    private static double[] shares;

    private final boolean fairness;
    private final int runs;

    ValueContended(boolean fairness, int runs) {
        this.fairness = fairness;
        this.runs = runs;
    }

    @Override
    public String name() {
        return fairness
                ? "value, contended: share of the increments of the less served process (50% = even)"
                : "value, contended: 2 processes increment under its lock for seconds (40 M; CPython 2 M)";
    }

    @Override
    public String unit() {
        return fairness ? "%" : "incr/s";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double measureJava() throws Exception {
        if (rates == null) {
            rates = new double[runs];
            shares = new double[runs];
            for (int r = 0; r < runs; r++) {
                measureOnce(r);
            }
            System.err.printf(
                    Locale.ROOT,
                    "  contended value: rates %s incr/s, shares %s %%%n",
                    Arrays.toString(rates),
                    Arrays.toString(shares));
        }
        double[] values = (fairness ? shares : rates).clone();
        Arrays.sort(values);
        return values.length % 2 == 1
                ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private void measureOnce(int run) throws Exception {
        ProcessContext ctx = Multiprocess.getContext("spawn");
        ProcessEvent go = ctx.event();
        ProcessSemaphore ready = ctx.semaphore(0);
        // Slots 0 and 1: each process's end time; 2 and 3: its own increments.
        SharedValue counter = ctx.value(TypeCode.LONG, 0);
        SharedArray slots = ctx.rawArray(TypeCode.LONG, 4);
        try {
            ChildProcess[] workers = new ChildProcess[2];
            for (int w = 0; w < 2; w++) {
                int slot = w;
                workers[w] = ctx.process(() -> {
                    SharedValue warmUp = ctx.value(TypeCode.LONG, 0);
                    try {
                        for (int round = 0; round < 5; round++) {
                            incrementUpTo(warmUp, (round + 1) * 200_000L);
                        }
                    } finally {
                        warmUp.unlink();
                    }
                    go.await(Duration.ofMillis(1));
                    ready.release();
                    go.await(Duration.ofMinutes(1));
                    long mine = incrementUpTo(counter, TOTAL);
                    slots.setLong(slot, System.nanoTime());
                    slots.setLong(2 + slot, mine);
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
            long first = slots.getLong(2);
            long second = slots.getLong(3);
            if (counter.getLong() != TOTAL || first + second != TOTAL) {
                throw new IllegalStateException("Lost or extra increments: the value is " + counter.getLong()
                        + ", the processes counted " + first + " + " + second + ", instead of " + TOTAL);
            }
            long end = Math.max(slots.getLong(0), slots.getLong(1));
            rates[run] = TOTAL / ((end - start) / 1e9);
            shares[run] = 100.0 * Math.min(first, second) / TOTAL;
        } finally {
            slots.unlink();
            counter.unlink();
            ready.unlink();
            go.unlink();
        }
    }

    /** Increments until the value reaches {@code total}; returns how many increments this process made. */
    private static long incrementUpTo(SharedValue value, long total) {
        AbstractProcessLock lock = value.getLock();
        long mine = 0;
        while (true) {
            lock.acquire();
            try {
                long current = value.getLong();
                if (current >= total) {
                    return mine;
                }
                value.setLong(current + 1);
            } finally {
                lock.release();
            }
            mine++;
        }
    }

    @Override
    public String pythonCase() {
        return fairness ? "value_contended_share" : "value_contended_rate";
    }
}
