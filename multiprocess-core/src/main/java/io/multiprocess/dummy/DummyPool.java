package io.multiprocess.dummy;

import io.multiprocess.pool.ThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * Python's {@code multiprocessing.dummy.Pool(processes, initializer)}: the pool API on threads of this
 * JVM, a {@link ThreadPool}. For I/O-bound work and for tests of code written against
 * {@link io.multiprocess.pool.Pool}: nothing is serialized, and the tasks share this JVM's objects.
 *
 * <pre>{@code
 * try (ThreadPool pool = DummyPool.of(8)) {
 *     List<String> pages = pool.map(url -> fetch(url), urls);
 * }
 * }</pre>
 */
public final class DummyPool {

    private DummyPool() {}

    /**
     * A thread pool with one thread per CPU, as Python's {@code dummy.Pool()}.
     *
     * @return the running pool
     */
    public static ThreadPool of() {
        return new ThreadPool();
    }

    /**
     * A thread pool with {@code processes} threads. Python's {@code dummy.Pool(processes)}.
     *
     * @param processes the number of threads, at least 1
     * @return the running pool
     * @throws IllegalArgumentException if {@code processes} is below 1
     */
    public static ThreadPool of(int processes) {
        return new ThreadPool(processes);
    }

    /**
     * A thread pool whose threads each run {@code initializer} once before their first task. Python's
     * {@code dummy.Pool(processes, initializer)}.
     *
     * @param processes   the number of threads, at least 1
     * @param initializer run once per thread; may be null
     * @return the running pool
     * @throws IllegalArgumentException if {@code processes} is below 1
     */
    public static ThreadPool of(int processes, @Nullable Runnable initializer) {
        return new ThreadPool(processes, initializer);
    }
}
