package io.multiprocess.pool;

import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The results of {@link Pool#imap} and {@link Pool#imapUnordered}, as they arrive: Python's
 * {@code IMapIterator}. Lazy at both ends: the input is read only a bounded distance ahead of the
 * consumer (backpressure), so an endless or huge input runs in bounded memory, and results can be
 * taken as soon as they are ready.
 *
 * <pre>{@code
 * try (ResultIterator<String> pages = pool.imap(url -> fetch(url), urls)) {
 *     while (pages.hasNext()) {
 *         handle(pages.next());
 *     }
 * }
 * }</pre>
 *
 * <p>An item whose task threw makes {@link #next()} throw {@link io.multiprocess.pool.TaskFailedException}
 * (with the task's exception as the cause) at that item; iteration may go on with the following
 * items, as in Python. An item that could not run throws the library's exception
 * ({@link io.multiprocess.pool.WorkerLostException}, {@link io.multiprocess.pool.TaskTimeoutException},
 * {@link io.multiprocess.pool.PoolTerminatedException}); an exception thrown by the input iterator itself is
 * thrown by {@code next()} after the items before it, and ends the iteration.
 *
 * <p>{@link #close()} abandons the rest: no more input is read, tasks not yet started are dropped, and
 * later calls report no more elements. An iterator that is dropped without being closed or finished is
 * closed when it is garbage-collected; close it (try-with-resources) to free its input thread at once.
 *
 * @param <R> the type of the results
 */
public interface ResultIterator<R extends @Nullable Object> extends Iterator<R>, AutoCloseable {

    /**
     * Whether there is another result, waiting until that is known (it is as soon as more input was
     * read; at the end of the input, when the last item was taken).
     *
     * @return true if {@link #next()} has an item to return (which may be a failure it throws)
     * @throws io.multiprocess.InterruptedOperationException if the thread is interrupted while waiting
     */
    @Override
    boolean hasNext();

    /**
     * The next result, waiting as long as it takes.
     *
     * @return the result
     * @throws NoSuchElementException at the end of the results, or after {@link #close()}
     * @throws io.multiprocess.pool.TaskFailedException if this item's task threw
     * @throws io.multiprocess.InterruptedOperationException if the thread is interrupted while waiting
     */
    @Override
    R next();

    /**
     * The next result, waiting at most {@code timeout}. Python's {@code next(timeout)}.
     *
     * @param timeout how long to wait at most
     * @return the result
     * @throws io.multiprocess.pool.ResultTimeoutException if no result is ready in time (nothing is lost: call again)
     * @throws NoSuchElementException at the end of the results, or after {@link #close()}
     * @throws io.multiprocess.pool.TaskFailedException if this item's task threw
     * @throws io.multiprocess.InterruptedOperationException if the thread is interrupted while waiting
     */
    R next(Duration timeout);

    /**
     * The remaining results as a sequential stream that reads this iterator; closing the stream
     * closes the iterator.
     *
     * @return the stream
     */
    default Stream<R> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
                .onClose(this::close);
    }

    /** Abandons the remaining results; see the class description. Closing twice does nothing. */
    @Override
    void close();
}
