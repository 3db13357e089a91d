package io.multiprocess.synchronize;

import io.multiprocess.internal.shm.SharedBlock;
import io.multiprocess.internal.shm.SharedSegment;
import java.io.Serial;

/**
 * A semaphore whose value never exceeds its initial value: releasing it more often than it was
 * acquired throws {@link io.multiprocess.synchronize.OverReleaseException}. Python's
 * {@code multiprocessing.BoundedSemaphore}. Otherwise as {@link ProcessSemaphore}.
 */
public final class BoundedProcessSemaphore extends ProcessSemaphore {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String KIND = "bounded_semaphore";

    /**
     * A bounded semaphore with the given initial (and maximum) value, in a new shared-memory segment.
     *
     * @param value the initial and maximum value, one or more
     * @throws IllegalArgumentException for a value below 1
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public BoundedProcessSemaphore(int value) {
        super(KIND, checked(value), value);
    }

    BoundedProcessSemaphore(SharedBlock block) {
        super(block);
    }

    private static int checked(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("A bounded semaphore's value must be 1 or more, not " + value);
        }
        return value;
    }

    /**
     * The maximum value, which is also the initial value.
     *
     * @return the bound
     */
    public int bound() {
        return (int) SharedSegment.INT.getVolatile(block().buffer(), 8);
    }
}
