package io.multiprocess.managers;

import io.multiprocess.function.SerializableBiFunction;
import io.multiprocess.function.SerializableCallable;
import io.multiprocess.function.SerializableFunction;
import io.multiprocess.pool.ResultIterator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A proxy of a {@link io.multiprocess.pool.Pool} served by a {@link SyncManager}: the pool's workers are
 * children of the manager's server process, and every process with this proxy submits work to them.
 * Python's {@code manager.Pool(processes)}.
 *
 * <p>Functions and items are serialized twice: to the server, then to a worker. Results of the
 * {@code ...Async} methods and the iterators of {@code imap} stay in the server and arrive as proxies
 * (each {@code next()} of such an iterator is one call). Callbacks are not offered: they would run in
 * the server. The pool is terminated when its last proxy is released, or when the manager shuts down.
 * See {@link io.multiprocess.pool.Pool} for what each method does.
 */
public interface PoolProxy extends BaseProxy {

    /**
     * The number of workers.
     *
     * @return the count
     */
    int processes();

    /**
     * Runs a task in a worker and waits for its result. Python's {@code apply}.
     *
     * @param task the task
     * @param <R>  the result type
     * @return the result
     * @throws io.multiprocess.pool.TaskFailedException if it threw
     */
    <R extends @Nullable Object> R apply(SerializableCallable<R> task);

    /**
     * Calls {@code func(arg)} in a worker. Python's {@code apply(func, (arg,))}.
     *
     * @param func the function
     * @param arg  its argument
     * @param <T>  the argument type
     * @param <R>  the result type
     * @return the result
     */
    <T extends @Nullable Object, R extends @Nullable Object> R apply(
            SerializableFunction<? super T, ? extends R> func, T arg);

    /**
     * Runs a task in a worker without waiting. Python's {@code apply_async}.
     *
     * @param task the task
     * @param <R>  the result type
     * @return a proxy of the pending result
     */
    <R extends @Nullable Object> AsyncResultProxy<R> applyAsync(SerializableCallable<R> task);

    /**
     * Calls {@code func(arg)} in a worker without waiting. Python's {@code apply_async(func, (arg,))}.
     *
     * @param func the function
     * @param arg  its argument
     * @param <T>  the argument type
     * @param <R>  the result type
     * @return a proxy of the pending result
     */
    <T extends @Nullable Object, R extends @Nullable Object> AsyncResultProxy<R> applyAsync(
            SerializableFunction<? super T, ? extends R> func, T arg);

    /**
     * Applies {@code func} to every item, in chunks, and waits. Python's {@code map}.
     *
     * @param func  the function
     * @param items the items (sent to the server as a list)
     * @param <T>   the item type
     * @param <R>   the result type
     * @return the results, in order
     */
    <T extends @Nullable Object, R extends @Nullable Object> List<R> map(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items);

    /**
     * {@link #map} with a chunk size.
     *
     * @param func      the function
     * @param items     the items
     * @param chunksize items per task
     * @param <T>       the item type
     * @param <R>       the result type
     * @return the results, in order
     */
    <T extends @Nullable Object, R extends @Nullable Object> List<R> map(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items, int chunksize);

    /**
     * {@link #map} without waiting. Python's {@code map_async}.
     *
     * @param func  the function
     * @param items the items
     * @param <T>   the item type
     * @param <R>   the result type
     * @return a proxy of the pending list of results
     */
    <T extends @Nullable Object, R extends @Nullable Object> AsyncResultProxy<List<R>> mapAsync(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items);

    /**
     * Applies a two-argument function to pairs. Python's {@code starmap}.
     *
     * @param func  the function
     * @param pairs the argument pairs
     * @param <A>   the first argument type
     * @param <B>   the second argument type
     * @param <R>   the result type
     * @return the results, in order
     */
    <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object> List<R> starmap(
            SerializableBiFunction<? super A, ? super B, ? extends R> func,
            Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs);

    /**
     * Applies {@code func} lazily, results in order. Python's {@code imap}.
     *
     * @param func  the function
     * @param items the items
     * @param <T>   the item type
     * @param <R>   the result type
     * @return a proxy of the served iterator
     */
    <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imap(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items);

    /**
     * Applies {@code func} lazily, results as they finish. Python's {@code imap_unordered}.
     *
     * @param func  the function
     * @param items the items
     * @param <T>   the item type
     * @param <R>   the result type
     * @return a proxy of the served iterator
     */
    <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imapUnordered(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items);

    /** Accepts no more tasks. Python's {@code close()}. */
    void shutdown();

    /** Kills the workers now. Python's {@code terminate()}. */
    void terminate();

    /**
     * Waits for the workers to exit after {@link #shutdown()} or {@link #terminate()}. Python's {@code join()}.
     */
    void join();

    /**
     * Waits at most {@code timeout} for the workers to exit.
     *
     * @param timeout how long
     * @return whether they exited
     */
    boolean join(Duration timeout);
}
