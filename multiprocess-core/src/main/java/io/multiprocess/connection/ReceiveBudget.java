package io.multiprocess.connection;

/**
 * A bound on the memory that incomplete incoming messages of several connections may hold together:
 * the connections a {@link Listener} accepted (and so a manager's server) share one.
 *
 * <p>A connection reads a message as its bytes arrive, into a buffer that starts small and doubles up
 * to the announced length, so a peer that announces a large message and sends little costs what it
 * sent. The first {@value #FREE_PER_MESSAGE} bytes of each message's buffer are not charged, so small
 * messages never wait for the budget; the rest of a buffer is charged (old and new buffer both while
 * it grows), and released when the message is complete or its connection fails. A connection that
 * would exceed the budget waits for others to release, up to the time a message may stall, then fails
 * with a {@link FrameException} and is closed.
 */
public final class ReceiveBudget {

    /** The bytes of each incoming message's buffer that are not charged to the budget: 1 MiB. */
    public static final int FREE_PER_MESSAGE = 1 << 20;

    /** The most {@link #defaultCapacity(int)} gives from the heap's size: 1 GiB. */
    public static final long MAX_DEFAULT_CAPACITY = 1L << 30;

    private final long capacity;
    private long reserved;

    /**
     * A budget of {@code capacity} bytes.
     *
     * @param capacity the bytes that incomplete messages may hold together (beyond each one's free part)
     * @throws IllegalArgumentException if not positive
     */
    public ReceiveBudget(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("A receive budget must be positive, not " + capacity + " bytes");
        }
        this.capacity = capacity;
    }

    /**
     * The default capacity for connections whose messages may be up to {@code maxMessageSize} bytes: a
     * quarter of the JVM's maximum heap, at most {@value #MAX_DEFAULT_CAPACITY} bytes, and at least
     * {@code maxMessageSize}, so that one message of the largest size always fits.
     *
     * @param maxMessageSize the largest message
     * @return the capacity in bytes
     */
    public static long defaultCapacity(int maxMessageSize) {
        return Math.max(
                maxMessageSize,
                Math.min(MAX_DEFAULT_CAPACITY, Runtime.getRuntime().maxMemory() / 4));
    }

    /**
     * The capacity.
     *
     * @return bytes
     */
    public long capacity() {
        return capacity;
    }

    /**
     * The bytes charged now.
     *
     * @return bytes
     */
    public synchronized long reserved() {
        return reserved;
    }

    /**
     * The charge for a message buffer of {@code bufferBytes}: what exceeds {@link #FREE_PER_MESSAGE}.
     *
     * @param bufferBytes the buffer's size
     * @return the bytes to {@link #reserve}
     */
    public static long charge(long bufferBytes) {
        return Math.max(0, bufferBytes - FREE_PER_MESSAGE);
    }

    /**
     * Charges {@code bytes}, waiting until the deadline for others to release.
     *
     * @param bytes         the bytes to charge
     * @param deadlineNanos a {@link System#nanoTime()} deadline
     * @return false if they were not available by the deadline (nothing is charged then)
     * @throws InterruptedException if interrupted while waiting
     */
    public synchronized boolean reserve(long bytes, long deadlineNanos) throws InterruptedException {
        if (bytes > capacity) {
            return false;
        }
        while (reserved + bytes > capacity) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            long millis = Math.max(1, Math.min(left / 1_000_000, 1_000));
            wait(millis);
        }
        reserved += bytes;
        return true;
    }

    /**
     * Gives back bytes charged before.
     *
     * @param bytes what {@link #reserve} charged
     */
    public synchronized void release(long bytes) {
        if (bytes > 0) {
            reserved -= bytes;
            notifyAll();
        }
    }

    @Override
    public String toString() {
        return "ReceiveBudget[" + reserved() + " of " + capacity + " bytes charged]";
    }
}
