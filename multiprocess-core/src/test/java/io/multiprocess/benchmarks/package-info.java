/**
 * Benchmarks of multiprocess-java, each measured beside the same case on CPython's
 * {@code multiprocessing} (and the dill-based {@code multiprocess} where lambdas matter) on the same
 * machine. Run {@code multiprocess-core/benchmarks.sh}; it prints one table: case, Java, CPython, ratio.
 *
 * <p>They sit in the core's test tree, compiled with the tests, but are not tests: no class name here ends
 * in {@code Test}, {@code Tests} or {@code IT}. The script builds them with the {@code benchmarks} profile,
 * which packages them as a jar of their own.
 */
package io.multiprocess.benchmarks;
