package io.multiprocess.managers.server;

import io.multiprocess.InterruptedOperationException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How served objects wait: on their monitor, in slices of {@value #SLICE_MILLIS} ms, checking between
 * slices whether the client the server thread serves is still there. A client that died, closed its
 * connection (an interrupted caller does) or whose server stops ends its wait with
 * {@link CallerGoneException}, before it acquires or takes anything: Python's manager would go on
 * waiting for a dead client and then hand it a lock or an item nobody receives.
 */
final class Waits {

    static final long SLICE_MILLIS = 100;

    private Waits() {}

    /** A {@link System#nanoTime()} deadline, or {@link Long#MAX_VALUE} for a null timeout. */
    static long deadline(@Nullable Duration timeout) {
        if (timeout == null) {
            return Long.MAX_VALUE;
        }
        long nanos = Math.max(0, timeout.toNanos());
        return nanos > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : System.nanoTime() + nanos;
    }

    /** The time left until a deadline, at most one slice, in nanoseconds; zero or less once passed. */
    static long slice(long deadlineNanos) {
        long slice = SLICE_MILLIS * 1_000_000;
        return deadlineNanos == Long.MAX_VALUE ? slice : Math.min(slice, deadlineNanos - System.nanoTime());
    }

    /**
     * Waits on {@code monitor} (held by the caller) for one slice or until notified; the caller checks its
     * condition again after.
     *
     * @return false if the deadline has passed
     * @throws CallerGoneException if the client has gone
     * @throws InterruptedException if the server thread is interrupted (the server stops)
     */
    static boolean waitOn(Object monitor, long deadlineNanos) throws InterruptedException {
        long nanos = slice(deadlineNanos);
        if (nanos <= 0) {
            return false;
        }
        monitor.wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
        checkCaller();
        return true;
    }

    /** Throws {@link CallerGoneException} if the current server thread's client has gone. */
    static void checkCaller() {
        if (ServingContext.callerGone()) {
            throw new CallerGoneException();
        }
    }

    /** For methods that cannot throw {@link InterruptedException}. */
    static InterruptedOperationException interrupted(String what, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new InterruptedOperationException(what, e);
    }

    /** The client of a waiting call has gone: the wait ends, and nothing is acquired or taken for it. */
    static final class CallerGoneException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        CallerGoneException() {
            super("The client went away while its call waited", null, false, false);
        }
    }
}
