package io.multiprocess.synchronize;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.internal.shm.Futex;
import io.multiprocess.internal.shm.SharedBlock;
import io.multiprocess.internal.shm.SharedSegment;
import io.multiprocess.tracker.ResourceTracker;
import java.io.Serial;
import java.io.Serializable;
import java.lang.invoke.VarHandle;
import java.nio.MappedByteBuffer;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A flag shared between processes that threads can wait for. Python's {@code multiprocessing.Event}.
 *
 * <pre>
 * shared layout (8 bytes):
 * +0  flag      0 clear, 1 set: set = getAndSet(1), clear = volatile store 0; the futex word
 * +4  sleepers  threads sleeping in await: getAndAdd(+1/-1) (full fences: a setter that reads 0 here saw
 *               no sleeper that could miss the flag)
 * </pre>
 *
 * <p>Python's {@code wait(timeout)} is {@link #await(Duration)} here ({@code wait} is a final method of
 * {@link Object}). Waits are unchecked: an interrupted wait throws {@link InterruptedOperationException}
 * with the interrupt status set again. The segment's life cycle is that of the locks (see
 * {@link AbstractProcessLock}).
 */
public final class ProcessEvent implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String KIND = "event";
    private static final VarHandle INT = SharedSegment.INT;
    private static final int FLAG = 0;
    private static final int SLEEPERS = 4;

    private final transient SharedBlock block;
    private final transient MappedByteBuffer buffer;
    private transient volatile long flagAddress;

    /**
     * A clear event in a new shared-memory segment.
     *
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessEvent() {
        this(SharedBlock.create(KIND, 8, ResourceTracker.segments()));
        block.putView(new ViewKey(KIND, 0), this);
    }

    private ProcessEvent(SharedBlock block) {
        this.block = block;
        this.buffer = block.buffer();
    }

    /**
     * Whether the flag is set. Python's {@code is_set()}.
     *
     * @return true when set
     */
    public boolean isSet() {
        return (int) INT.getVolatile(buffer, FLAG) != 0;
    }

    /** Sets the flag and wakes every waiting thread, in every process. Python's {@code set()}. */
    public void set() {
        INT.getAndSet(buffer, FLAG, 1);
        if ((int) INT.getVolatile(buffer, SLEEPERS) > 0) {
            Futex.wake(flagAddress(), Integer.MAX_VALUE);
        }
    }

    /** Clears the flag: later waits block until it is set again. Python's {@code clear()}. */
    public void clear() {
        INT.setVolatile(buffer, FLAG, 0);
    }

    /**
     * Waits until the flag is set. Python's {@code wait()}.
     *
     * @return true
     * @throws InterruptedOperationException if interrupted while waiting
     */
    public boolean await() {
        return await(null);
    }

    /**
     * Waits until the flag is set or the timeout passes. Python's {@code wait(timeout)}.
     *
     * @param timeout the longest wait; null for ever; zero or negative only checks
     * @return the flag when the wait ended: false on timeout
     * @throws InterruptedOperationException if interrupted while waiting
     */
    public boolean await(@Nullable Duration timeout) {
        if (isSet()) {
            return true;
        }
        long nanos = timeout == null ? Long.MAX_VALUE : AbstractProcessLock.saturatedNanos(timeout);
        if (nanos <= 0) {
            return false;
        }
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        INT.getAndAdd(buffer, SLEEPERS, 1);
        try {
            while (true) {
                if (isSet()) {
                    return true;
                }
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedOperationException(
                            "the process event " + name(), new InterruptedException("interrupted"));
                }
                long left = deadline == Long.MAX_VALUE ? Futex.SLICE_NANOS : deadline - System.nanoTime();
                if (left <= 0) {
                    return isSet();
                }
                Futex.waitSlice(flagAddress(), 0, left);
            }
        } finally {
            INT.getAndAdd(buffer, SLEEPERS, -1);
        }
    }

    /**
     * The name of the event's shared-memory segment.
     *
     * @return the name
     */
    public String name() {
        return block.name();
    }

    /**
     * Unlinks the event's segment now if this process created it (see {@link AbstractProcessLock#unlink()}).
     * Not {@code close()}: the event is not {@link AutoCloseable}, so that {@code try (event)}
     * cannot remove it for the other processes by accident.
     */
    public void unlink() {
        block.unlink();
    }

    @Override
    public String toString() {
        return "ProcessEvent[" + name() + (isSet() ? ", set" : ", clear") + "]";
    }

    private long flagAddress() {
        long address = flagAddress;
        if (address == 0) {
            address = block.segment().address(FLAG);
            flagAddress = address;
        }
        return address;
    }

    @Serial
    private Object writeReplace() {
        return new Ticket(block.name());
    }

    /** How an event travels: its block. */
    private record Ticket(String block) implements Serializable {
        @Serial
        private Object readResolve() {
            return SharedBlock.attach(block, KIND).view(new ViewKey(KIND, 0), ProcessEvent::new);
        }
    }
}
