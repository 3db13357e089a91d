package io.multiprocess.queues;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.process.DefaultSettings;
import io.multiprocess.serialization.Serializer;
import java.io.Serial;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ProcessQueue} that counts unfinished items: every item put counts until a consumer calls
 * {@link #taskDone()} for it, and {@link #join()} waits until none is unfinished. Python's
 * {@code multiprocessing.JoinableQueue}.
 *
 * <p>The count lives in shared memory and is raised when an item reaches it (not while it waits in a
 * producer's buffer), so a producer killed with items still buffered does not leave {@code join()}
 * waiting for items that will never come; {@code join()} first waits for this process's own buffered
 * items. A consumer killed between {@code get()} and {@code taskDone()} leaves its item unfinished, as
 * in Python.
 *
 * @param <E> the item type
 */
public class JoinableQueue<E> extends ProcessQueue<E> {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * A joinable queue with the default context's serializer. Prefer {@code ctx.joinableQueue(maxsize)}.
     *
     * @param maxsize the most items it holds; zero or negative for no bound
     */
    public JoinableQueue(int maxsize) {
        this(maxsize, DefaultSettings.get().serializer());
    }

    /**
     * A joinable queue with an explicit serializer.
     *
     * @param maxsize    the most items it holds; zero or negative for no bound
     * @param serializer how items are serialized
     */
    public JoinableQueue(int maxsize, Serializer serializer) {
        super(maxsize, true, true, serializer, DEFAULT_CAPACITY);
    }

    JoinableQueue(Memory memory, String serializerClass) {
        super(memory, true, serializerClass);
    }

    @Override
    Kind kind() {
        return Kind.JOINABLE;
    }

    /**
     * Marks one item as processed. Python's {@code task_done()}.
     *
     * @throws IllegalStateException if called more times than items were put (Python's ValueError)
     */
    public void taskDone() {
        if (!ring().taskDone()) {
            throw new IllegalStateException("taskDone() was called more times than items were put in the queue");
        }
    }

    /**
     * Waits until every item put has been marked done. Python's {@code join()}.
     *
     * @throws InterruptedOperationException if interrupted
     */
    public void join() {
        join(null);
    }

    /**
     * Waits at most {@code timeout} until every item put has been marked done.
     *
     * @param timeout how long; null for ever
     * @return true if all are done, false on timeout
     * @throws InterruptedOperationException if interrupted
     */
    public boolean join(@Nullable Duration timeout) {
        long deadline = deadline(timeout);
        try {
            return awaitFlushed(deadline) && ring().awaitAllDone(deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("the items of a joinable queue", e);
        }
    }

    /**
     * Items put (and written to shared memory) and not yet marked done.
     *
     * @return the count
     */
    public int unfinishedTasks() {
        return ring().unfinished();
    }
}
