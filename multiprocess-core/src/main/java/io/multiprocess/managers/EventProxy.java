package io.multiprocess.managers;

import java.time.Duration;

/**
 * A proxy of an event served by a {@link SyncManager}. Python's {@code manager.Event()}; its
 * {@code wait} is {@code await} here, as {@link io.multiprocess.synchronize.ProcessEvent}'s.
 */
public interface EventProxy extends BaseProxy {

    /**
     * Whether the flag is set. Python's {@code is_set()}.
     *
     * @return the flag
     */
    boolean isSet();

    /** Sets the flag and wakes every waiter. Python's {@code set()}. */
    void set();

    /** Clears the flag. Python's {@code clear()}. */
    void clear();

    /**
     * Waits until the flag is set. Python's {@code wait()}.
     *
     * @return true
     * @throws io.multiprocess.InterruptedOperationException if interrupted
     */
    boolean await();

    /**
     * Waits until the flag is set or the timeout passes. Python's {@code wait(timeout)}.
     *
     * @param timeout how long to wait
     * @return the flag
     */
    boolean await(Duration timeout);
}
