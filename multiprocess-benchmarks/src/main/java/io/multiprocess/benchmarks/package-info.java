/**
 * Benchmarks of multiprocess-java, each measured beside the same case on CPython's
 * {@code multiprocessing} (and the dill-based {@code multiprocess} where lambdas matter) on the same
 * machine. Run {@code multiprocess-benchmarks/run.sh}; it prints one table: case, Java, CPython, ratio.
 */
package io.multiprocess.benchmarks;
