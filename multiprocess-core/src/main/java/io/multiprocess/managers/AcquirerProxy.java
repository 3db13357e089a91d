package io.multiprocess.managers;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A proxy of a lock or semaphore served by a {@link SyncManager}. Python's {@code AcquirerProxy}
 * ({@code manager.Lock()}, {@code RLock()}, {@code Semaphore()}, {@code BoundedSemaphore()}).
 *
 * <p>Waits happen in the server, on the calling thread's own connection; a caller that dies or is
 * interrupted while waiting gives up its place and acquires nothing. What a client holds when it dies
 * (its process killed, its thread ended) is released by the server for locks, which have an owner; a
 * semaphore's permits are not (any thread may release them, so nobody owns them), as in Python.
 */
public interface AcquirerProxy extends BaseProxy {

    /**
     * Acquires, waiting as long as it takes. Python's {@code acquire()}.
     *
     * @return true
     * @throws io.multiprocess.InterruptedOperationException if interrupted while waiting
     */
    boolean acquire();

    /**
     * Acquires, or returns false at once if {@code blocking} is false and it is not free.
     *
     * @param blocking whether to wait
     * @return whether it was acquired
     */
    boolean acquire(boolean blocking);

    /**
     * Acquires, waiting at most {@code timeout}. Python's {@code acquire(timeout=...)}.
     *
     * @param timeout how long to wait
     * @return whether it was acquired
     */
    boolean acquire(Duration timeout);

    /**
     * Python's {@code acquire(blocking, timeout)}.
     *
     * @param blocking whether to wait
     * @param timeout  how long to wait when blocking; null for ever
     * @return whether it was acquired
     */
    boolean acquire(boolean blocking, @Nullable Duration timeout);

    /**
     * Releases. Python's {@code release()}.
     *
     * @throws io.multiprocess.synchronize.LockNotHeldException for a lock that is not held (an RLock: not held by
     *     the calling thread)
     * @throws io.multiprocess.synchronize.OverReleaseException for a bounded semaphore released above its value
     */
    void release();
}
