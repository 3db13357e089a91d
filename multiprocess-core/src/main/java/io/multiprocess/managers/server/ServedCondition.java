package io.multiprocess.managers.server;

import io.multiprocess.synchronize.LockNotHeldException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A condition served by a {@link io.multiprocess.managers.SyncManager}, over a {@link ServedLock} (its own re-entrant one by
 * default), as Python's {@code threading.Condition}: each waiter waits on a token of its own, and
 * {@code signal} wakes the oldest waiters first.
 */
final class ServedCondition {

    private final ServedLock lock;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    private static final class Waiter {
        boolean signalled;
    }

    ServedCondition(ServedLock lock) {
        this.lock = lock;
    }

    /** The factory: {@code Condition()} or {@code Condition(lockProxy)} of the same manager. */
    static ServedCondition create(@Nullable Object[] args) {
        if (args.length == 0 || args[0] == null) {
            return new ServedCondition(new ServedLock(true));
        }
        Object referent = Referents.of(args[0]);
        if (!(referent instanceof ServedLock served)) {
            throw new IllegalArgumentException("A served condition needs a lock of the same manager (manager.lock() or "
                    + "manager.rlock()), not " + args[0]);
        }
        return new ServedCondition(served);
    }

    // ---- the lock

    public boolean acquire() {
        return lock.acquire();
    }

    public boolean acquire(boolean blocking) {
        return lock.acquire(blocking);
    }

    public boolean acquire(Duration timeout) {
        return lock.acquire(timeout);
    }

    public boolean acquire(boolean blocking, @Nullable Duration timeout) {
        return lock.acquire(blocking, timeout);
    }

    public void release() {
        lock.release();
    }

    public void lock() {
        lock.lock();
    }

    public void unlock() {
        lock.unlock();
    }

    // ---- waiting

    public void await() throws InterruptedException {
        awaitUntil(Long.MAX_VALUE);
    }

    public boolean await(Duration timeout) throws InterruptedException {
        return awaitUntil(Waits.deadline(timeout));
    }

    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return awaitUntil(Waits.deadline(Duration.ofNanos(unit.toNanos(time))));
    }

    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long deadline = Waits.deadline(Duration.ofNanos(nanosTimeout));
        awaitUntil(deadline);
        return deadline - System.nanoTime();
    }

    public boolean awaitUntil(Date deadline) throws InterruptedException {
        return awaitUntil(Waits.deadline(Duration.ofMillis(deadline.getTime() - System.currentTimeMillis())));
    }

    public void awaitUninterruptibly() {
        try {
            awaitUntil(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            throw Waits.interrupted("a served condition", e);
        }
    }

    private boolean awaitUntil(long deadlineNanos) throws InterruptedException {
        if (!lock.isHeldByCaller()) {
            throw new LockNotHeldException("Cannot wait on a served condition without holding its lock");
        }
        Waiter waiter = new Waiter();
        synchronized (this) {
            waiters.add(waiter);
        }
        int saved = lock.releaseAll();
        try {
            synchronized (waiter) {
                while (!waiter.signalled) {
                    if (!Waits.waitOn(waiter, deadlineNanos)) {
                        break;
                    }
                }
                return waiter.signalled;
            }
        } finally {
            synchronized (this) {
                waiters.remove(waiter);
            }
            lock.restore(saved);
        }
    }

    // ---- waking

    public void signal() {
        signal(1);
    }

    public void signal(int n) {
        if (!lock.isHeldByCaller()) {
            throw new LockNotHeldException("Cannot notify a served condition without holding its lock");
        }
        synchronized (this) {
            for (int i = 0; i < n && !waiters.isEmpty(); i++) {
                Waiter waiter = waiters.poll();
                synchronized (waiter) {
                    waiter.signalled = true;
                    waiter.notifyAll();
                }
            }
        }
    }

    public void signalAll() {
        signal(Integer.MAX_VALUE);
    }

    @Override
    public synchronized String toString() {
        return "Condition(" + lock + ", waiting=" + waiters.size() + ")";
    }
}
