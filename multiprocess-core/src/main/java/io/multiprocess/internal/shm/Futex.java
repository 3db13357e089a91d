package io.multiprocess.internal.shm;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.util.concurrent.TimeUnit;

/**
 * Linux futex waits and wakes on 32-bit words of shared memory, across processes (the non-private
 * operations). The kernel is entered only to sleep or to wake sleepers; the fast paths of the
 * primitives built on this stay in user space.
 *
 * <p>Waits are cut into slices of at most {@link #SLICE_NANOS} ns: a thread inside the system call
 * cannot be interrupted by {@link Thread#interrupt()}, and HotSpot's exit waits (up to 300 ms) for
 * threads inside native calls, so short slices keep both interruption and exit prompt.
 *
 * <p>Internal API.
 */
public final class Futex {

    /** The longest single stay in the kernel. */
    public static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private static final long SYS_FUTEX = 202;
    private static final int FUTEX_WAIT = 0;
    private static final int FUTEX_WAKE = 1;
    private static final int EAGAIN = 11;
    private static final int EINTR = 4;
    private static final int ETIMEDOUT = 110;

    static {
        if (!Platform.isLinux() || !Platform.is64Bit() || !Platform.isIntel()) {
            throw new ExceptionInInitializerError("futex is bound for Linux on x86-64 only");
        }
        Native.register(Futex.class, Platform.C_LIBRARY_NAME);
    }

    /** Reusable per-thread {@code struct timespec}. */
    private static final ThreadLocal<Memory> TIMESPEC = ThreadLocal.withInitial(() -> new Memory(16));

    private Futex() {}

    private static native long syscall(
            long number, long address, int operation, int value, long timeout, long address2, int value3);

    /** How a wait ended. */
    public enum Outcome {
        /** Woken, or returned for no reason the caller can tell: re-check the word. */
        WOKEN,
        /** The word did not hold the expected value. */
        VALUE_CHANGED,
        /** The slice or timeout passed. */
        TIMED_OUT
    }

    /**
     * Sleeps while the word at {@code address} holds {@code expected}, for at most one slice or
     * {@code timeoutNanos}, whichever is shorter. Spurious returns are possible: always re-check.
     *
     * @param address      the native address of a 4-byte-aligned int in shared memory
     * @param expected     the value the word must still hold for the thread to sleep
     * @param timeoutNanos the longest wait; at most {@link #SLICE_NANOS} is used per call
     * @return how the wait ended
     */
    public static Outcome waitSlice(long address, int expected, long timeoutNanos) {
        long nanos = Math.max(0, Math.min(timeoutNanos, SLICE_NANOS));
        Memory timespec = TIMESPEC.get();
        timespec.setLong(0, nanos / 1_000_000_000L);
        timespec.setLong(8, nanos % 1_000_000_000L);
        long result = syscall(SYS_FUTEX, address, FUTEX_WAIT, expected, addressOf(timespec), 0, 0);
        if (result == 0) {
            return Outcome.WOKEN;
        }
        int errno = Native.getLastError();
        return switch (errno) {
            case EAGAIN -> Outcome.VALUE_CHANGED;
            case ETIMEDOUT -> Outcome.TIMED_OUT;
            case EINTR -> Outcome.WOKEN;
            default ->
                throw new IllegalStateException(
                        "futex wait failed with errno " + errno + " at address 0x" + Long.toHexString(address));
        };
    }

    /**
     * Wakes up to {@code count} threads sleeping on the word at {@code address}, in any process.
     *
     * @param address the native address of the word
     * @param count   how many to wake at most ({@link Integer#MAX_VALUE} for all)
     * @return how many were woken
     */
    public static int wake(long address, int count) {
        long result = syscall(SYS_FUTEX, address, FUTEX_WAKE, count, 0, 0, 0);
        if (result < 0) {
            throw new IllegalStateException("futex wake failed with errno " + Native.getLastError());
        }
        return (int) result;
    }

    private static long addressOf(Memory memory) {
        return Pointer.nativeValue(memory);
    }
}
