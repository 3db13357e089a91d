package io.multiprocess.synchronize;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A hold on a lock, a semaphore's permit or a condition's lock, given back when the hold is closed:
 * the Java form of Python's {@code with lock:}.
 *
 * <pre>{@code
 * try (var held = lock.hold()) {        // Python: with lock:
 *     ...                               //     ...
 * }                                     // released here, also on an exception
 * }</pre>
 *
 * <p>Closing releases exactly once: closing again does nothing. Close it in the thread that took it
 * (a {@link ReentrantProcessLock} may only be released by its holder). The primitive itself is not an
 * {@link AutoCloseable}: leaving the block never removes the lock or semaphore for other processes.
 *
 * @see AbstractProcessLock#hold()
 * @see ProcessSemaphore#hold()
 * @see ProcessCondition#hold()
 */
public final class Held implements AutoCloseable {

    private final Runnable release;
    private final String what;
    private final AtomicBoolean released = new AtomicBoolean();

    Held(Runnable release, String what) {
        this.release = release;
        this.what = what;
    }

    /**
     * Whether this hold was released already.
     *
     * @return true after {@link #close()}
     */
    public boolean isReleased() {
        return released.get();
    }

    /**
     * Releases the hold (the lock, or the semaphore's permit); the second and later calls do nothing.
     *
     * @throws LockNotHeldException if the lock was released behind this hold's back (by an explicit
     *     {@code release()}), or, for a re-entrant lock, when called by a thread that does not hold it
     */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            release.run();
        }
    }

    @Override
    public String toString() {
        return "Held[" + what + (released.get() ? ", released" : "") + "]";
    }
}
