package io.multiprocess.benchmarks;

/**
 * One case of the benchmark table: a Java measurement and the name of its CPython twin.
 *
 * <p>Every measurement is a median over repeated runs: machines are noisy, and the median ignores the
 * outliers that a mean would average in.
 */
public interface BenchmarkCase {

    /**
     * What is measured, as the table's first column shows it.
     *
     * @return a short description
     */
    String name();

    /**
     * The unit of both figures, e.g. {@code "ms"} or {@code "us"} (lower is better) or
     * {@code "ops/s"} (higher is better).
     *
     * @return the unit
     */
    String unit();

    /**
     * Whether a higher figure is better (a rate) or a lower one (a latency).
     *
     * @return true for rates
     */
    boolean higherIsBetter();

    /**
     * Runs the Java side and returns its median.
     *
     * @return the median, in {@link #unit()}
     * @throws Exception if the case cannot run
     */
    double measureJava() throws Exception;

    /**
     * The case's name in {@code src/test/python/bench_mp.py}, which prints the CPython median in the same unit.
     *
     * @return the CPython case, or null when there is no twin
     */
    String pythonCase();
}
