package io.multiprocess.benchmarks;

import java.util.Arrays;

/** Repeats a measurement and keeps the median. */
final class Medians {

    private Medians() {}

    /** A measurement that may throw. */
    @FunctionalInterface
    interface Sample {
        double take() throws Exception;
    }

    /**
     * Takes {@code warmups} samples and throws them away, then {@code runs} samples, and returns their median.
     */
    static double of(int warmups, int runs, Sample sample) throws Exception {
        for (int i = 0; i < warmups; i++) {
            sample.take();
        }
        double[] values = new double[runs];
        for (int i = 0; i < runs; i++) {
            values[i] = sample.take();
        }
        Arrays.sort(values);
        return runs % 2 == 1 ? values[runs / 2] : (values[runs / 2 - 1] + values[runs / 2]) / 2;
    }
}
