package io.multiprocess.pool;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A pool's callback thread: runs the callbacks of its {@link AsyncResult}s (and completes their
 * {@code CompletableFuture} views) one at a time, in the order they are handed over, as Python's
 * result-handler thread does. The thread is started on first use; once the pool has ended
 * ({@link #close()}), callbacks run inline on the thread that hands them over. Internal.
 */
final class PoolCallbacks implements Executor {

    private final String threadName;
    private final Object lock = new Object();
    private @Nullable ThreadPoolExecutor executor;
    private boolean closed;

    /**
     * Callbacks on a thread of that name.
     *
     * @param threadName the name of the callback thread, e.g. {@code multiprocess-pool-3-callbacks}
     */
    PoolCallbacks(String threadName) {
        this.threadName = threadName;
    }

    @Override
    public void execute(Runnable command) {
        ThreadPoolExecutor current;
        synchronized (lock) {
            if (executor == null && !closed) {
                executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, threadName);
                    thread.setDaemon(true);
                    return thread;
                });
            }
            current = executor;
        }
        if (current != null) {
            try {
                current.execute(command);
                return;
            } catch (RejectedExecutionException shutDown) {
                // run it here
            }
        }
        command.run();
    }

    /** Lets queued callbacks run, then ends the callback thread. */
    void close() {
        synchronized (lock) {
            closed = true;
            if (executor != null) {
                executor.shutdown();
            }
        }
    }
}
