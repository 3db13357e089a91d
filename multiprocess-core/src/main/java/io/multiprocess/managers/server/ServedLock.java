package io.multiprocess.managers.server;

import io.multiprocess.synchronize.LockNotHeldException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A lock served by a {@link io.multiprocess.managers.SyncManager} ({@code manager.lock()} and, re-entrant, {@code manager.rlock()}).
 * Owned by the connection of the thread that acquired it (see {@link ServingContext#owner()}); the
 * server releases it when that connection ends. The non-recursive lock may be released by anyone, as
 * Python's {@code Lock}; the re-entrant one only by its owner, as Python's {@code RLock}.
 */
final class ServedLock implements HeldByConnections {

    private final boolean reentrant;
    private @Nullable Object owner;
    private int holds;

    ServedLock(boolean reentrant) {
        this.reentrant = reentrant;
    }

    static ServedLock plain(Object[] args) {
        return new ServedLock(false);
    }

    static ServedLock reentrant(Object[] args) {
        return new ServedLock(true);
    }

    // ---- Python's AcquirerProxy

    public boolean acquire() {
        return acquire(true, null);
    }

    public boolean acquire(boolean blocking) {
        return acquire(blocking, null);
    }

    public boolean acquire(Duration timeout) {
        return acquire(true, timeout);
    }

    public boolean acquire(boolean blocking, @Nullable Duration timeout) {
        try {
            return acquireUntil(blocking ? Waits.deadline(timeout) : 0);
        } catch (InterruptedException e) {
            throw Waits.interrupted("the served lock", e);
        }
    }

    public synchronized void release() {
        Object caller = ServingContext.owner();
        if (owner == null || reentrant && owner != caller) {
            throw new LockNotHeldException(
                    owner == null
                            ? "Cannot release a served lock that is not held"
                            : "Cannot release a served re-entrant lock held by another thread");
        }
        if (--holds == 0) {
            owner = null;
            notifyAll();
        }
    }

    // ---- java.util.concurrent.locks.Lock

    public void lock() {
        acquire(true, null);
    }

    public void lockInterruptibly() throws InterruptedException {
        acquireUntil(Long.MAX_VALUE);
    }

    public boolean tryLock() {
        return acquire(false, null);
    }

    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return acquireUntil(Waits.deadline(Duration.ofNanos(unit.toNanos(time))));
    }

    public void unlock() {
        release();
    }

    public ServedCondition newCondition() {
        return new ServedCondition(this);
    }

    // ---- for conditions and the server

    private synchronized boolean acquireUntil(long deadlineNanos) throws InterruptedException {
        Object caller = ServingContext.owner();
        if (reentrant && owner == caller) {
            holds++;
            return true;
        }
        while (owner != null) {
            if (deadlineNanos == 0 || !Waits.waitOn(this, deadlineNanos)) {
                return false;
            }
        }
        Waits.checkCaller();
        owner = caller;
        holds = 1;
        if (caller instanceof ServerConnection connection) {
            connection.holds(this);
        }
        return true;
    }

    synchronized boolean isHeldByCaller() {
        return owner != null && owner == ServingContext.owner();
    }

    /** Releases every hold of the caller, for a condition's wait; returns how many to restore. */
    synchronized int releaseAll() {
        if (!isHeldByCaller()) {
            throw new LockNotHeldException("Cannot wait on or notify a served condition without holding its lock");
        }
        int saved = holds;
        holds = 0;
        owner = null;
        notifyAll();
        return saved;
    }

    /** Acquires again after a condition's wait, as many times as before. */
    synchronized void restore(int saved) {
        acquire(true, null);
        holds = saved;
    }

    @Override
    public synchronized void releaseHeldBy(Object connection) {
        if (owner == connection) {
            owner = null;
            holds = 0;
            notifyAll();
        }
    }

    @Override
    public synchronized String toString() {
        return (reentrant ? "RLock" : "Lock") + "("
                + (owner == null ? "unlocked" : "locked" + (reentrant ? ", count=" + holds : "")) + ")";
    }
}
