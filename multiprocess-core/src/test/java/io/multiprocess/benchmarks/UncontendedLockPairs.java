package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.synchronize.ProcessLock;

/** acquire() + release() of a process lock nobody else wants: the cost of the uncontended path. */
final class UncontendedLockPairs implements BenchmarkCase {

    private final int pairsPerRun;
    private final int runs;

    UncontendedLockPairs(int pairsPerRun, int runs) {
        this.pairsPerRun = pairsPerRun;
        this.runs = runs;
    }

    @Override
    public String name() {
        return "lock: uncontended acquire()+release() pairs";
    }

    @Override
    public String unit() {
        return "pairs/s";
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public double measureJava() throws Exception {
        ProcessLock lock = Multiprocess.lock();
        try {
            return Medians.of(3, runs, () -> {
                long start = System.nanoTime();
                for (int i = 0; i < pairsPerRun; i++) {
                    lock.acquire();
                    lock.release();
                }
                return pairsPerRun / ((System.nanoTime() - start) / 1e9);
            });
        } finally {
            lock.unlink();
        }
    }

    @Override
    public String pythonCase() {
        return "lock_pairs";
    }
}
