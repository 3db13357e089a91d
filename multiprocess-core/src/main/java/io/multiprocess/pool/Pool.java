package io.multiprocess.pool;

import io.multiprocess.function.SerializableBiFunction;
import io.multiprocess.function.SerializableCallable;
import io.multiprocess.function.SerializableFunction;
import io.multiprocess.function.SerializableRunnable;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A pool of workers that run tasks: Python's {@code multiprocessing.Pool}, which is also a JDK
 * {@link ExecutorService} so that it drops into code (and Spring) written for executors.
 *
 * <pre>{@code
 * try (Pool pool = Multiprocess.pool(4)) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));           // [1, 4, 9]
 *     AsyncResult<String> r = pool.applyAsync(() -> ProcessHandle.current().pid() + "");
 *     try (ResultIterator<Integer> next = pool.imap(x -> x + 1, List.of(1, 2, 3))) {
 *         next.forEachRemaining(System.out::println);                // 2, 3, 4 as they come, in order
 *     }
 *     pool.shutdown();   // Python's close(): no more tasks
 *     pool.join();       // wait for the work to finish and the workers to exit
 * }
 * }</pre>
 *
 * <p>Two implementations: the pools of a {@link io.multiprocess.process.ProcessSettings}
 * ({@code ctx.pool()}, {@link io.multiprocess.Multiprocess#pool()}) run tasks in worker processes,
 * serializing each function and its arguments in the calling thread (so a value that cannot be sent
 * fails at once, with a {@link io.multiprocess.SerializationException}); {@link ThreadPool} runs them on
 * threads of this JVM, without serialization (Python's {@code ThreadPool}, {@code multiprocessing.dummy.Pool}).
 *
 * <h2>Python's names and Java's</h2>
 * <table>
 *   <caption>Life-cycle methods</caption>
 *   <tr><th>Python</th><th>Java</th><th>what it does</th></tr>
 *   <tr><td>{@code close()}</td><td>{@link #shutdown()}</td><td>accept no more tasks; the workers exit
 *       once the submitted work is done</td></tr>
 *   <tr><td>{@code terminate()}</td><td>{@link #terminate()}</td><td>kill the workers now; pending
 *       results fail with {@link io.multiprocess.pool.PoolTerminatedException}</td></tr>
 *   <tr><td>{@code join()}</td><td>{@link #join()}</td><td>wait until the workers have exited (after
 *       shutdown or terminate)</td></tr>
 *   <tr><td>{@code with Pool() as p:} (its exit calls {@code terminate()})</td><td>try-with-resources:
 *       {@link #close()} = {@code terminate()} + {@code join()}</td><td>as in Python, leaving the block
 *       does <em>not</em> wait for submitted tasks: call {@code shutdown()} and {@code join()} at the end
 *       of the block to let them finish. (Java 19's {@code ExecutorService.close()} waits for tasks;
 *       this one follows Python.)</td></tr>
 * </table>
 *
 * <h2>Promises</h2>
 * <ul>
 *   <li>No call hangs because a worker died. When a worker process dies while running a task (killed,
 *       out of memory, {@code System.exit}, a native crash), that task's result fails promptly with a
 *       {@link io.multiprocess.pool.WorkerLostException} naming the worker's pid and exit code, the tasks
 *       queued behind it run on other workers, and a replacement worker starts.</li>
 *   <li>A task's exception reaches the caller with its type, message and stack trace (see
 *       {@link AsyncResult} for how each method reports it).</li>
 *   <li>{@link #imap} and {@link #imapUnordered} read their input lazily, a bounded distance ahead of
 *       the consumer.</li>
 *   <li>With a task timeout ({@link PoolBuilder#taskTimeout(Duration)}), a task that runs longer is
 *       killed with its worker and fails with {@link io.multiprocess.pool.TaskTimeoutException}.</li>
 *   <li>If workers cannot start (their initializer throws, their JVM cannot boot) three times in a row,
 *       the pool breaks down instead of retrying forever as Python's does: pending and later tasks fail
 *       with {@link io.multiprocess.pool.PoolTerminatedException} whose cause says why.</li>
 * </ul>
 *
 * <h2>Misuse and interruption</h2>
 * Python-style methods called after {@code shutdown()} or {@code terminate()} throw
 * {@link io.multiprocess.ProcessStateException} ("Pool not running" in Python); the
 * {@link ExecutorService} methods throw {@link java.util.concurrent.RejectedExecutionException} as
 * their contract says. Blocking Python-style methods throw
 * {@link io.multiprocess.InterruptedOperationException} when the thread is interrupted;
 * {@code ExecutorService} methods throw {@link InterruptedException}.
 */
public interface Pool extends ExecutorService, AutoCloseable {

    /**
     * A builder for a pool with an initializer, a task quota per worker or a task timeout.
     *
     * @return a builder using the default context
     */
    static PoolBuilder builder() {
        return new PoolBuilder();
    }

    /**
     * The number of workers: Python's {@code processes} argument.
     *
     * @return the number of worker processes (or threads) the pool keeps
     */
    int processes();

    /**
     * A snapshot of the pool's state for monitoring: its life-cycle state, live and ready workers,
     * queued and running tasks. Cheap (it takes the pool's lock briefly) and never blocks on workers.
     *
     * @return the snapshot
     */
    PoolStats stats();

    // ------------------------------------------------------------------------------------------ apply

    /**
     * Runs {@code task} in a worker and waits for its result. Python's {@code apply(func)}.
     *
     * @param task what to run; it and what it captures are serialized in this thread
     * @param <R>  the result type
     * @return the task's result
     * @throws io.multiprocess.pool.TaskFailedException if the task threw (its exception is the cause)
     * @throws io.multiprocess.pool.WorkerLostException if its worker died
     * @throws io.multiprocess.SerializationException if the task cannot be sent
     * @throws io.multiprocess.ProcessStateException if the pool was shut down or terminated
     */
    <R extends @Nullable Object> R apply(SerializableCallable<R> task);

    /**
     * Calls {@code func.apply(arg)} in a worker and waits for the result. Python's {@code apply(func, (arg,))}.
     *
     * @param func the function
     * @param arg  its argument
     * @param <T>  the argument type
     * @param <R>  the result type
     * @return the result
     * @throws io.multiprocess.pool.TaskFailedException if the function threw (its exception is the cause)
     * @throws io.multiprocess.pool.WorkerLostException if its worker died
     * @throws io.multiprocess.SerializationException if the function or the argument cannot be sent
     * @throws io.multiprocess.ProcessStateException if the pool was shut down or terminated
     */
    <T extends @Nullable Object, R extends @Nullable Object> R apply(
            SerializableFunction<? super T, ? extends R> func, T arg);

    /**
     * Runs {@code task} in a worker without waiting. Python's {@code apply_async(func)}.
     *
     * @param task what to run
     * @param <R>  the result type
     * @return the result, to wait for
     * @throws io.multiprocess.SerializationException if the task cannot be sent
     * @throws io.multiprocess.ProcessStateException if the pool was shut down or terminated
     */
    <R extends @Nullable Object> AsyncResult<R> applyAsync(SerializableCallable<R> task);

    /**
     * Runs {@code task} in a worker without waiting, and calls back when it ends. Python's
     * {@code apply_async(func, callback=..., error_callback=...)}.
     *
     * @param task          what to run
     * @param callback      called with the result if the task succeeds; may be null
     * @param errorCallback called with the task's exception (or the library's exception if it could
     *                      not finish) if it fails; may be null
     * @param <R>           the result type
     * @return the result, to wait for
     * @throws io.multiprocess.SerializationException if the task cannot be sent
     * @throws io.multiprocess.ProcessStateException if the pool was shut down or terminated
     */
    <R extends @Nullable Object> AsyncResult<R> applyAsync(
            SerializableCallable<R> task,
            @Nullable Consumer<? super R> callback,
            @Nullable Consumer<? super Throwable> errorCallback);

    /**
     * Calls {@code func.apply(arg)} in a worker without waiting. Python's {@code apply_async(func, (arg,))}.
     *
     * @param func the function
     * @param arg  its argument
     * @param <T>  the argument type
     * @param <R>  the result type
     * @return the result, to wait for
     * @throws io.multiprocess.SerializationException if the function or the argument cannot be sent
     * @throws io.multiprocess.ProcessStateException if the pool was shut down or terminated
     */
    <T extends @Nullable Object, R extends @Nullable Object> AsyncResult<R> applyAsync(
            SerializableFunction<? super T, ? extends R> func, T arg);

    /**
     * Calls {@code func.apply(arg)} in a worker without waiting, and calls back when it ends.
     *
     * @param func          the function
     * @param arg           its argument
     * @param callback      called with the result on success; may be null
     * @param errorCallback called with the exception on failure; may be null
     * @param <T>           the argument type
     * @param <R>           the result type
     * @return the result, to wait for
     * @throws io.multiprocess.SerializationException if the function or the argument cannot be sent
     * @throws io.multiprocess.ProcessStateException if the pool was shut down or terminated
     */
    <T extends @Nullable Object, R extends @Nullable Object> AsyncResult<R> applyAsync(
            SerializableFunction<? super T, ? extends R> func,
            T arg,
            @Nullable Consumer<? super R> callback,
            @Nullable Consumer<? super Throwable> errorCallback);

    // ------------------------------------------------------------------------------------------ map

    /**
     * Applies {@code func} to every item in workers and returns the results in input order. Python's
     * {@code map(func, iterable)}: the items are split into chunks of
     * {@code ceil(size / (4 * processes))}, one task each, as Python computes the default chunksize.
     *
     * @param func  the function
     * @param items the items (materialized into a list first, as Python does)
     * @param <T>   the item type
     * @param <R>   the result type
     * @return the results, an unmodifiable list in input order
     * @throws io.multiprocess.pool.TaskFailedException if the function threw for an item (the first failure
     *     to arrive; its exception is the cause)
     * @throws io.multiprocess.pool.WorkerLostException if a worker died while running a chunk
     * @throws io.multiprocess.SerializationException if the function or an item cannot be sent
     * @throws io.multiprocess.ProcessStateException if the pool was shut down or terminated
     */
    <T extends @Nullable Object, R extends @Nullable Object> List<R> map(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items);

    /**
     * {@link #map(SerializableFunction, Iterable)} with chunks of {@code chunksize} items per task.
     *
     * @param func      the function
     * @param items     the items
     * @param chunksize items per task, at least 1 (0: the default)
     * @param <T>       the item type
     * @param <R>       the result type
     * @return the results, an unmodifiable list in input order
     * @throws IllegalArgumentException if {@code chunksize} is negative
     */
    <T extends @Nullable Object, R extends @Nullable Object> List<R> map(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items, int chunksize);

    /**
     * {@link #map(SerializableFunction, Iterable)} without waiting. Python's {@code map_async}. The
     * result fails as soon as one item fails (with the first failure to arrive), as in Python.
     *
     * @param func  the function
     * @param items the items
     * @param <T>   the item type
     * @param <R>   the result type
     * @return the result: the list of results in input order
     */
    <T extends @Nullable Object, R extends @Nullable Object> AsyncResult<List<R>> mapAsync(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items);

    /**
     * {@link #mapAsync(SerializableFunction, Iterable)} with chunks of {@code chunksize} items per task.
     *
     * @param func      the function
     * @param items     the items
     * @param chunksize items per task, at least 1 (0: the default)
     * @param <T>       the item type
     * @param <R>       the result type
     * @return the result
     * @throws IllegalArgumentException if {@code chunksize} is negative
     */
    <T extends @Nullable Object, R extends @Nullable Object> AsyncResult<List<R>> mapAsync(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items, int chunksize);

    /**
     * {@link #mapAsync(SerializableFunction, Iterable, int)} with callbacks. Python's
     * {@code map_async(func, iterable, chunksize, callback, error_callback)}.
     *
     * @param func          the function
     * @param items         the items
     * @param chunksize     items per task, at least 1; 0 for Python's default
     * @param callback      called with the list of results on success; may be null
     * @param errorCallback called with the first failure; may be null
     * @param <T>           the item type
     * @param <R>           the result type
     * @return the result
     * @throws IllegalArgumentException if {@code chunksize} is negative
     */
    <T extends @Nullable Object, R extends @Nullable Object> AsyncResult<List<R>> mapAsync(
            SerializableFunction<? super T, ? extends R> func,
            Iterable<? extends T> items,
            int chunksize,
            @Nullable Consumer<? super List<R>> callback,
            @Nullable Consumer<? super Throwable> errorCallback);

    /**
     * Applies {@code func} to each pair's key and value. Python's {@code starmap(func, iterable)},
     * with two-element tuples as {@link Map.Entry} pairs ({@code Map.entry(a, b)}, or a map's
     * {@code entrySet()}). The entries themselves do not travel, only their keys and values.
     *
     * @param func  the function of two arguments
     * @param pairs the argument pairs
     * @param <A>   the first argument type
     * @param <B>   the second argument type
     * @param <R>   the result type
     * @return the results, an unmodifiable list in input order
     */
    <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object> List<R> starmap(
            SerializableBiFunction<? super A, ? super B, ? extends R> func,
            Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs);

    /**
     * {@link #starmap(SerializableBiFunction, Iterable)} with chunks of {@code chunksize} pairs per task.
     *
     * @param func      the function of two arguments
     * @param pairs     the argument pairs
     * @param chunksize pairs per task, at least 1 (0: the default)
     * @param <A>       the first argument type
     * @param <B>       the second argument type
     * @param <R>       the result type
     * @return the results, an unmodifiable list in input order
     * @throws IllegalArgumentException if {@code chunksize} is negative
     */
    <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object> List<R> starmap(
            SerializableBiFunction<? super A, ? super B, ? extends R> func,
            Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs,
            int chunksize);

    /**
     * {@link #starmap(SerializableBiFunction, Iterable)} without waiting. Python's {@code starmap_async}.
     *
     * @param func  the function of two arguments
     * @param pairs the argument pairs
     * @param <A>   the first argument type
     * @param <B>   the second argument type
     * @param <R>   the result type
     * @return the result
     */
    <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object>
            AsyncResult<List<R>> starmapAsync(
                    SerializableBiFunction<? super A, ? super B, ? extends R> func,
                    Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs);

    /**
     * {@link #starmapAsync(SerializableBiFunction, Iterable)} with a chunk size and callbacks.
     *
     * @param func          the function of two arguments
     * @param pairs         the argument pairs
     * @param chunksize     pairs per task, at least 1; 0 for Python's default
     * @param callback      called with the list of results on success; may be null
     * @param errorCallback called with the first failure; may be null
     * @param <A>           the first argument type
     * @param <B>           the second argument type
     * @param <R>           the result type
     * @return the result
     * @throws IllegalArgumentException if {@code chunksize} is negative
     */
    <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object>
            AsyncResult<List<R>> starmapAsync(
                    SerializableBiFunction<? super A, ? super B, ? extends R> func,
                    Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs,
                    int chunksize,
                    @Nullable Consumer<? super List<R>> callback,
                    @Nullable Consumer<? super Throwable> errorCallback);

    /**
     * Applies {@code func} to each argument list, of any length. Python's {@code starmap(func, iterable)}
     * for tuples of any size: each list's elements arrive as the function's array, in order
     * ({@code pool.starmap(a -> (int) a[0] + (int) a[1] * (int) a[2], List.of(List.of(1, 2, 3)))}). The
     * lists may differ in length and hold nulls ({@link java.util.Arrays#asList}); only their elements
     * travel. For two arguments, {@link #starmap(SerializableBiFunction, Iterable)} keeps the types.
     *
     * @param func the function, called with one list's elements as an array
     * @param args the argument lists
     * @param <R>  the result type
     * @return the results, an unmodifiable list in input order
     * @throws NullPointerException if an argument list is null
     */
    <R extends @Nullable Object> List<R> starmap(
            SerializableFunction<? super @Nullable Object[], ? extends R> func, Iterable<? extends List<?>> args);

    /**
     * {@link #starmap(SerializableFunction, Iterable)} with chunks of {@code chunksize} argument lists per
     * task.
     *
     * @param func      the function, called with one list's elements as an array
     * @param args      the argument lists
     * @param chunksize argument lists per task, at least 1 (0: the default)
     * @param <R>       the result type
     * @return the results, an unmodifiable list in input order
     * @throws IllegalArgumentException if {@code chunksize} is negative
     */
    <R extends @Nullable Object> List<R> starmap(
            SerializableFunction<? super @Nullable Object[], ? extends R> func,
            Iterable<? extends List<?>> args,
            int chunksize);

    /**
     * {@link #starmap(SerializableFunction, Iterable)} without waiting. Python's {@code starmap_async}.
     *
     * @param func the function, called with one list's elements as an array
     * @param args the argument lists
     * @param <R>  the result type
     * @return the result
     */
    <R extends @Nullable Object> AsyncResult<List<R>> starmapAsync(
            SerializableFunction<? super @Nullable Object[], ? extends R> func, Iterable<? extends List<?>> args);

    /**
     * {@link #starmapAsync(SerializableFunction, Iterable)} with a chunk size and callbacks.
     *
     * @param func          the function, called with one list's elements as an array
     * @param args          the argument lists
     * @param chunksize     argument lists per task, at least 1; 0 for Python's default
     * @param callback      called with the list of results on success; may be null
     * @param errorCallback called with the first failure; may be null
     * @param <R>           the result type
     * @return the result
     * @throws IllegalArgumentException if {@code chunksize} is negative
     */
    <R extends @Nullable Object> AsyncResult<List<R>> starmapAsync(
            SerializableFunction<? super @Nullable Object[], ? extends R> func,
            Iterable<? extends List<?>> args,
            int chunksize,
            @Nullable Consumer<? super List<R>> callback,
            @Nullable Consumer<? super Throwable> errorCallback);

    // ------------------------------------------------------------------------------------------ imap

    /**
     * Applies {@code func} to the items lazily, one item per task, and returns the results in input
     * order as they become available. Python's {@code imap(func, iterable)}. The input is read on a
     * thread of the pool, at most {@code max(64 * processes, (2 * processes + 1) * chunksize)} items
     * ahead of the consumer, so an endless input works.
     *
     * @param func  the function
     * @param items the items, read lazily
     * @param <T>   the item type
     * @param <R>   the result type
     * @return the results, in input order
     * @throws io.multiprocess.SerializationException if the function cannot be sent
     * @throws io.multiprocess.ProcessStateException if the pool was shut down or terminated
     */
    <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imap(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items);

    /**
     * {@link #imap(SerializableFunction, Iterable)} with {@code chunksize} items per task.
     *
     * @param func      the function
     * @param items     the items, read lazily
     * @param chunksize items per task, at least 1 (0: the default, 1)
     * @param <T>       the item type
     * @param <R>       the result type
     * @return the results, in input order
     * @throws IllegalArgumentException if {@code chunksize} is negative
     */
    <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imap(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items, int chunksize);

    /**
     * {@link #imap(SerializableFunction, Iterable, int)} over an iterator.
     *
     * @param func      the function
     * @param items     the items, read lazily on the pool's input thread
     * @param chunksize items per task, at least 1 (0: the default)
     * @param <T>       the item type
     * @param <R>       the result type
     * @return the results, in input order
     */
    <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imap(
            SerializableFunction<? super T, ? extends R> func, Iterator<? extends T> items, int chunksize);

    /**
     * {@link #imap(SerializableFunction, Iterable)} over an iterator, one item per task.
     *
     * @param func  the function
     * @param items the items, read lazily on the pool's input thread
     * @param <T>   the item type
     * @param <R>   the result type
     * @return the results, in input order
     */
    <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imap(
            SerializableFunction<? super T, ? extends R> func, Iterator<? extends T> items);

    /**
     * {@link #imap(SerializableFunction, Iterable)} over a stream, read lazily through its iterator, one
     * item per task.
     *
     * @param func  the function
     * @param items the items
     * @param <T>   the item type
     * @param <R>   the result type
     * @return the results, in input order
     */
    <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imap(
            SerializableFunction<? super T, ? extends R> func, Stream<? extends T> items);

    /**
     * {@link #imap(SerializableFunction, Iterable, int)} over a stream, read lazily through its iterator.
     *
     * @param func      the function
     * @param items     the items
     * @param chunksize items per task, at least 1 (0: the default)
     * @param <T>       the item type
     * @param <R>       the result type
     * @return the results, in input order
     */
    <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imap(
            SerializableFunction<? super T, ? extends R> func, Stream<? extends T> items, int chunksize);

    /**
     * Like {@link #imap(SerializableFunction, Iterable)}, but returns the results in the order they
     * finish. Python's {@code imap_unordered}.
     *
     * @param func  the function
     * @param items the items, read lazily
     * @param <T>   the item type
     * @param <R>   the result type
     * @return the results, as they finish
     */
    <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imapUnordered(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items);

    /**
     * {@link #imapUnordered(SerializableFunction, Iterable)} with {@code chunksize} items per task.
     *
     * @param func      the function
     * @param items     the items, read lazily
     * @param chunksize items per task, at least 1 (0: the default)
     * @param <T>       the item type
     * @param <R>       the result type
     * @return the results, as they finish
     */
    <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imapUnordered(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items, int chunksize);

    /**
     * {@link #imapUnordered(SerializableFunction, Iterable, int)} over an iterator.
     *
     * @param func      the function
     * @param items     the items, read lazily
     * @param chunksize items per task, at least 1 (0: the default)
     * @param <T>       the item type
     * @param <R>       the result type
     * @return the results, as they finish
     */
    <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imapUnordered(
            SerializableFunction<? super T, ? extends R> func, Iterator<? extends T> items, int chunksize);

    /**
     * {@link #imapUnordered(SerializableFunction, Iterable)} over an iterator, one item per task.
     *
     * @param func  the function
     * @param items the items, read lazily on the pool's input thread
     * @param <T>   the item type
     * @param <R>   the result type
     * @return the results, as they finish
     */
    <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imapUnordered(
            SerializableFunction<? super T, ? extends R> func, Iterator<? extends T> items);

    /**
     * {@link #imapUnordered(SerializableFunction, Iterable)} over a stream, read lazily through its iterator, one
     * item per task.
     *
     * @param func  the function
     * @param items the items
     * @param <T>   the item type
     * @param <R>   the result type
     * @return the results, as they finish
     */
    <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imapUnordered(
            SerializableFunction<? super T, ? extends R> func, Stream<? extends T> items);

    /**
     * {@link #imapUnordered(SerializableFunction, Iterable, int)} over a stream.
     *
     * @param func      the function
     * @param items     the items
     * @param chunksize items per task, at least 1 (0: the default)
     * @param <T>       the item type
     * @param <R>       the result type
     * @return the results, as they finish
     */
    <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imapUnordered(
            SerializableFunction<? super T, ? extends R> func, Stream<? extends T> items, int chunksize);

    // ------------------------------------------------------------------------------------------ life cycle

    /**
     * Python's {@code close()}: accepts no more tasks; the tasks already submitted (including the rest
     * of running imaps' input) still run, then the workers exit. Returns at once; {@link #join()} waits.
     */
    @Override
    void shutdown();

    /**
     * Stops at once: kills the workers, even those in the middle of a task, and fails every result that
     * is not ready with {@link io.multiprocess.pool.PoolTerminatedException}. Python's {@code terminate()}.
     * Returns without waiting; {@link #join()} waits until the workers are gone.
     */
    void terminate();

    /**
     * Waits until the workers have exited and been reaped, after {@link #shutdown()} or
     * {@link #terminate()}. Python's {@code join()}.
     *
     * @throws io.multiprocess.ProcessStateException if the pool is still running (call shutdown() or
     *     terminate() first, as Python requires)
     * @throws io.multiprocess.InterruptedOperationException if the thread is interrupted
     */
    void join();

    /**
     * Waits at most {@code timeout} until the workers have exited, after {@link #shutdown()} or
     * {@link #terminate()}.
     *
     * @param timeout how long to wait at most
     * @return true if the pool has terminated
     * @throws io.multiprocess.ProcessStateException if the pool is still running
     * @throws io.multiprocess.InterruptedOperationException if the thread is interrupted
     */
    boolean join(Duration timeout);

    /**
     * The JDK's {@code ExecutorService.close()} (JDK 19 and later): an orderly {@link #shutdown()}, then waits until every
     * submitted task has finished and the workers have exited; if the waiting thread is interrupted, the
     * pool is {@link #terminate() terminated} and the interrupt status kept. So a try-with-resources block
     * never drops submitted work. Closing a terminated pool does nothing.
     *
     * <p>Python's {@code with Pool() as p:} calls {@code terminate()} on exit instead, which kills the
     * workers and fails what is unfinished: in Java that is an explicit {@link #terminate()} (in a
     * {@code finally} block, say), followed by {@link #join()}.
     */
    @Override
    void close();

    /**
     * {@link #terminate()}, returning the tasks given to {@link #submit} or {@link #execute} that never
     * started (their results fail with {@link io.multiprocess.pool.PoolTerminatedException}).
     *
     * @return the Runnables and Callables that never started, as submitted
     */
    @Override
    List<Runnable> shutdownNow();

    // ------------------------------------------------------------------------------------------ ExecutorService

    /**
     * Runs {@code task} in a worker; the serializable overload that lambdas choose.
     *
     * @param task what to run
     * @param <T>  the result type
     * @return the result
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down
     * @throws io.multiprocess.SerializationException if the task cannot be sent
     */
    <T extends @Nullable Object> AsyncResult<T> submit(SerializableCallable<T> task);

    /**
     * Runs {@code task} in a worker. A process pool sends it to another process, so it must be
     * serializable: a lambda whose target type is plain {@link Callable} is not, and is refused here
     * with a {@link io.multiprocess.SerializationException} that says how to fix it (lambdas written
     * directly in the call pick {@link #submit(SerializableCallable)}, which is).
     *
     * @param task what to run
     * @param <T>  the result type
     * @return the result
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down
     * @throws io.multiprocess.SerializationException if the task cannot be sent
     */
    @Override
    <T extends @Nullable Object> AsyncResult<T> submit(Callable<T> task);

    /**
     * Runs {@code task} in a worker; the serializable overload that lambdas choose.
     *
     * @param task what to run
     * @return a result that completes with null
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down
     * @throws io.multiprocess.SerializationException if the task cannot be sent
     */
    AsyncResult<?> submit(SerializableRunnable task);

    /**
     * Runs {@code task} in a worker; it must be serializable for a process pool (see {@link #submit(Callable)}).
     *
     * @param task what to run
     * @return a result that completes with null
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down
     * @throws io.multiprocess.SerializationException if the task cannot be sent
     */
    @Override
    AsyncResult<?> submit(Runnable task);

    /**
     * Runs {@code task} in a worker, then completes with {@code result} (which stays in this JVM).
     *
     * @param task   what to run
     * @param result the value to complete with
     * @param <T>    the result type
     * @return the result
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down
     * @throws io.multiprocess.SerializationException if the task cannot be sent
     */
    <T extends @Nullable Object> AsyncResult<T> submit(SerializableRunnable task, T result);

    /**
     * Runs {@code task} in a worker, then completes with {@code result}; it must be serializable for a
     * process pool (see {@link #submit(Callable)}).
     *
     * @param task   what to run
     * @param result the value to complete with
     * @param <T>    the result type
     * @return the result
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down
     * @throws io.multiprocess.SerializationException if the task cannot be sent
     */
    @Override
    <T extends @Nullable Object> AsyncResult<T> submit(Runnable task, T result);

    /**
     * Runs {@code task} in a worker, not waiting; an exception it throws is logged. The serializable
     * overload that lambdas choose.
     *
     * @param task what to run
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down
     * @throws io.multiprocess.SerializationException if the task cannot be sent
     */
    void execute(SerializableRunnable task);

    /**
     * Runs every task and waits for all; a process pool needs serializable tasks (declare them as
     * {@link SerializableCallable}).
     *
     * @param tasks the tasks
     * @param <T>   the result type
     * @return their results, all done, in the order of {@code tasks}
     * @throws InterruptedException if interrupted while waiting (the tasks are then cancelled)
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down
     * @throws io.multiprocess.SerializationException if a task cannot be sent (none is started then)
     */
    @Override
    <T extends @Nullable Object> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
            throws InterruptedException;

    /**
     * Runs every task and waits for all, or until the timeout passes; tasks not done by then are
     * cancelled (a running one by killing its worker).
     *
     * @param tasks   the tasks
     * @param timeout how long to wait at most
     * @param unit    the unit of {@code timeout}
     * @param <T>     the result type
     * @return their results, in the order of {@code tasks}
     * @throws InterruptedException if interrupted while waiting (the tasks are then cancelled)
     * @throws java.util.concurrent.RejectedExecutionException if the pool was shut down
     */
    @Override
    <T extends @Nullable Object> List<Future<T>> invokeAll(
            Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Runs the tasks and returns the result of one that succeeded; the others are cancelled (those
     * already running finish, and their outcomes are dropped: a worker is not killed for this).
     *
     * @param tasks the tasks, at least one
     * @param <T>   the result type
     * @return a successful task's result
     * @throws ExecutionException if every task failed (with the last failure as the cause)
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalArgumentException if {@code tasks} is empty
     */
    @Override
    <T extends @Nullable Object> T invokeAny(Collection<? extends Callable<T>> tasks)
            throws InterruptedException, ExecutionException;

    /**
     * Runs the tasks and returns the result of one that succeeded within the timeout; the others are cancelled.
     *
     * @param tasks   the tasks, at least one
     * @param timeout how long to wait at most
     * @param unit    the unit of {@code timeout}
     * @param <T>     the result type
     * @return a successful task's result
     * @throws ExecutionException if every task failed
     * @throws TimeoutException if none succeeded in time
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    <T extends @Nullable Object> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException;
}
