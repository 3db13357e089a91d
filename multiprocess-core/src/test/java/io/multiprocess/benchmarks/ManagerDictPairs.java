package io.multiprocess.benchmarks;

import io.multiprocess.Multiprocess;
import io.multiprocess.managers.DictProxy;
import io.multiprocess.managers.SyncManager;

/**
 * A manager's dict used from a client (this process; the server is a child process): set + get pairs
 * per second, each pair two round trips, the keys cycling over 1024 strings. CPython's twin uses
 * {@code multiprocessing.Manager().dict()}.
 */
final class ManagerDictPairs implements BenchmarkCase {

    private final int pairs;
    private final int runs;

    ManagerDictPairs(int pairs, int runs) {
        this.pairs = pairs;
        this.runs = runs;
    }

    @Override
    public String name() {
        return "manager dict set+get pairs from a client";
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
        String[] keys = new String[1024];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "k" + i;
        }
        try (SyncManager manager = Multiprocess.getContext("spawn").manager()) {
            DictProxy<String, Integer> dict = manager.dict();
            return Medians.of(2, runs, () -> {
                long start = System.nanoTime();
                for (int i = 0; i < pairs; i++) {
                    String key = keys[i & 1023];
                    dict.put(key, i);
                    if (dict.get(key) != i) {
                        throw new IllegalStateException("wrong value");
                    }
                }
                return pairs / ((System.nanoTime() - start) / 1e9);
            });
        }
    }

    @Override
    public String pythonCase() {
        return "manager_dict_pairs";
    }
}
