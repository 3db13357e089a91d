package io.multiprocess.managers;

import java.util.concurrent.locks.Lock;

/**
 * A proxy of a lock served by a {@link SyncManager}: a {@link Lock} and Python's {@code acquire} and
 * {@code release}. {@code manager.lock()} is non-recursive and may be released by any thread of any
 * process, as Python's {@code Lock}; {@code manager.rlock()} is re-entrant and belongs to the thread
 * that acquired it.
 *
 * <p>A lock belongs to the calling thread's connection: when the holder's thread ends or its process
 * dies (even by SIGKILL), the server releases the lock within about a second, so the other processes
 * go on (Python's manager keeps such a lock held for ever).
 */
public interface LockProxy extends AcquirerProxy, Lock {

    /**
     * A condition bound to this lock, served too. Python's {@code manager.Condition(lock)}.
     *
     * @return a proxy of the condition
     */
    @Override
    ConditionProxy newCondition();
}
