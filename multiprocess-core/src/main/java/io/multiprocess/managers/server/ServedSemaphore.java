package io.multiprocess.managers.server;

import io.multiprocess.synchronize.OverReleaseException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A semaphore served by a {@link io.multiprocess.managers.SyncManager} ({@code manager.semaphore(n)}, {@code boundedSemaphore(n)}).
 * Nobody owns its permits (any thread may release), so a client that dies keeps what it acquired, as in
 * Python.
 */
final class ServedSemaphore {

    private final int initial;
    private final boolean bounded;
    private int value;

    ServedSemaphore(int value, boolean bounded) {
        if (value < 0 || bounded && value < 1) {
            throw new IllegalArgumentException("A "
                    + (bounded
                            ? "bounded semaphore needs a value of at least 1"
                            : "semaphore needs a value of at least 0")
                    + ", not " + value);
        }
        this.initial = value;
        this.bounded = bounded;
        this.value = value;
    }

    static ServedSemaphore plain(Object[] args) {
        return new ServedSemaphore(args.length == 0 ? 1 : (Integer) args[0], false);
    }

    static ServedSemaphore bounded(Object[] args) {
        return new ServedSemaphore(args.length == 0 ? 1 : (Integer) args[0], true);
    }

    public boolean acquire() {
        return acquire(true, null);
    }

    public boolean acquire(boolean blocking) {
        return acquire(blocking, null);
    }

    public boolean acquire(Duration timeout) {
        return acquire(true, timeout);
    }

    public synchronized boolean acquire(boolean blocking, @Nullable Duration timeout) {
        long deadline = blocking ? Waits.deadline(timeout) : 0;
        try {
            while (value == 0) {
                if (deadline == 0 || !Waits.waitOn(this, deadline)) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            throw Waits.interrupted("a served semaphore", e);
        }
        Waits.checkCaller();
        value--;
        return true;
    }

    public synchronized void release() {
        if (bounded && value >= initial) {
            throw new OverReleaseException("A served bounded semaphore was released too many times (its value is "
                    + value + ", its bound " + initial + ")");
        }
        value++;
        notifyAll();
    }

    public synchronized int value() {
        return value;
    }

    @Override
    public synchronized String toString() {
        return (bounded ? "BoundedSemaphore" : "Semaphore") + "(value=" + value + ")";
    }
}
