package io.multiprocess.managers;

import java.time.Duration;

/**
 * A proxy of a barrier served by a {@link SyncManager}. Python's {@code manager.Barrier(parties)}.
 *
 * <p>A party that dies or is interrupted while it waits breaks the barrier (the others get
 * {@link io.multiprocess.synchronize.BarrierBrokenException} instead of waiting for ever), as a timeout does.
 */
public interface BarrierProxy extends BaseProxy {

    /**
     * Waits until every party arrived. Python's {@code wait()}.
     *
     * @return this party's arrival index, 0 to parties-1 (the last to arrive gets parties-1)
     * @throws io.multiprocess.synchronize.BarrierBrokenException if the barrier is or becomes broken
     */
    int await();

    /**
     * Waits at most {@code timeout}; a timeout breaks the barrier. Python's {@code wait(timeout)}.
     *
     * @param timeout how long to wait
     * @return the arrival index
     * @throws io.multiprocess.synchronize.BarrierBrokenException if the barrier is or becomes broken, or on timeout
     */
    int await(Duration timeout);

    /** Breaks the current round (waiters fail) and starts afresh. Python's {@code reset()}. */
    void reset();

    /** Breaks the barrier: waiters and later arrivals fail until {@link #reset()}. Python's {@code abort()}. */
    void abort();

    /**
     * How many parties must arrive. Python's {@code parties}.
     *
     * @return the number
     */
    int parties();

    /**
     * How many wait now. Python's {@code n_waiting}.
     *
     * @return the number
     */
    int nWaiting();

    /**
     * Whether broken. Python's {@code broken}.
     *
     * @return true if broken
     */
    boolean isBroken();
}
