package io.multiprocess.managers;

/**
 * A proxy of a joinable queue served by a {@link SyncManager}. Python's {@code manager.JoinableQueue()}:
 * each item taken is later marked done with {@link #taskDone()}, and {@link #join()} waits until every
 * item put was marked done.
 *
 * @param <E> the element type
 */
public interface JoinableQueueProxy<E> extends QueueProxy<E> {

    /**
     * Marks one item taken from the queue as processed. Python's {@code task_done()}.
     *
     * @throws io.multiprocess.synchronize.OverReleaseException if called more often than items were put
     */
    void taskDone();

    /**
     * Waits until every item put has been marked done. Python's {@code join()}.
     *
     * @throws io.multiprocess.InterruptedOperationException if interrupted
     */
    void join();
}
