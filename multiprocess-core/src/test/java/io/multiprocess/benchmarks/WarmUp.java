package io.multiprocess.benchmarks;

/** Warms a measurement up (the JIT of this JVM and of the pool's workers) before its samples count. */
final class WarmUp {

    private WarmUp() {}

    /**
     * A sample that, on its first call, first runs itself for at least {@code seconds} and at least
     * {@code times} times, discarding those results.
     */
    static Medians.Sample forAtLeast(int seconds, int times, Medians.Sample sample) {
        return new Medians.Sample() {
            private boolean warm;

            @Override
            public double take() throws Exception {
                if (!warm) {
                    warm = true;
                    long until = System.nanoTime() + seconds * 1_000_000_000L;
                    for (int i = 0; i < times || System.nanoTime() < until; i++) {
                        sample.take();
                    }
                }
                return sample.take();
            }
        };
    }
}
