package io.multiprocess.synchronize;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.function.SerializableRunnable;
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
 * A barrier for a fixed number of parties, which may be threads of several processes. Python's
 * {@code multiprocessing.Barrier} (that is, {@code threading.Barrier} over shared memory).
 *
 * <pre>
 * shared layout (36 bytes), every word below is read and written only while holding the lock word:
 * +0   lock word (16 bytes, see the locks)
 * +16  condition word (8 bytes)
 * +24  state     0 filling, 1 draining, -1 resetting, -2 broken
 * +28  count     parties inside await()
 * +32  parties   written once at creation
 * </pre>
 *
 * <p>{@link #await()} (Python's {@code wait()}; {@code wait} is a final method of {@link Object})
 * blocks until {@code parties} threads have called it, then returns to each a different index from 0
 * to parties-1. The last thread to arrive runs the action, if one was given, before the others are
 * released: the action runs in exactly one process per trip. The barrier then resets itself for the
 * next round.
 *
 * <p>A wait that times out breaks the barrier (as in Python): it and every other waiter, now and until
 * {@link #reset()}, get {@link BarrierBrokenException}; so do they when the barrier is
 * {@link #abort() aborted}, when the action throws (its thread gets the action's exception), or when a
 * waiting thread is interrupted (that thread gets {@link InterruptedOperationException}). A party
 * that dies while waiting still counts as arrived; one that dies inside the barrier's short critical
 * section breaks it. The segment's life cycle is that of the locks (see {@link AbstractProcessLock}).
 */
public final class ProcessBarrier implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String KIND = "barrier";
    private static final VarHandle INT = SharedSegment.INT;
    private static final int LOCK = 0;
    private static final int COND = 16;
    private static final int STATE = 24;
    private static final int COUNT = 28;
    private static final int PARTIES = 32;
    private static final int FILLING = 0;
    private static final int DRAINING = 1;
    private static final int RESETTING = -1;
    private static final int BROKEN = -2;

    private final transient SharedBlock block;
    private final transient MappedByteBuffer buffer;
    private final transient LockWord lock;
    private final transient ConditionWord condition;
    private final int parties;
    private final @Nullable SerializableRunnable action;
    private final @Nullable Duration timeout;

    /**
     * A barrier for {@code parties} parties, with no action and no default timeout.
     *
     * @param parties how many threads must arrive, 1 or more
     * @throws IllegalArgumentException if parties is below 1
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessBarrier(int parties) {
        this(parties, null, null);
    }

    /**
     * A barrier. Python's {@code Barrier(parties, action, timeout)}.
     *
     * @param parties how many threads must arrive, 1 or more
     * @param action  run by the last thread to arrive, before the others are released; null for none.
     *                It travels with the barrier, so it must be serializable (a lambda is)
     * @param timeout the default timeout of {@link #await()}; null for none
     * @throws IllegalArgumentException if parties is below 1
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessBarrier(int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout) {
        this(SharedBlock.create(KIND, 36, ResourceTracker.segments()), checked(parties), action, timeout);
        INT.setVolatile(buffer, PARTIES, parties);
        block.putView(new ViewKey(KIND, 0), this);
    }

    private ProcessBarrier(
            SharedBlock block, int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout) {
        this.block = block;
        this.buffer = block.buffer();
        this.lock = new LockWord(block, LOCK);
        this.condition = new ConditionWord(block, COND);
        this.parties = parties;
        this.action = action;
        this.timeout = timeout;
    }

    private static int checked(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("A barrier needs at least 1 party, not " + parties);
        }
        return parties;
    }

    /**
     * Waits for the other parties, with the barrier's default timeout. Python's {@code wait()}.
     *
     * @return this thread's arrival index, 0 to parties-1 (the last to arrive gets parties-1)
     * @throws BarrierBrokenException if the barrier is or becomes broken, or the timeout passes (which
     *     breaks it)
     * @throws InterruptedOperationException if interrupted while waiting (which breaks it)
     */
    public int await() {
        return await(timeout);
    }

    /**
     * Waits for the other parties at most {@code timeout}. Python's {@code wait(timeout)}.
     *
     * @param timeout the longest wait; null for ever
     * @return this thread's arrival index, 0 to parties-1
     * @throws BarrierBrokenException if the barrier is or becomes broken, or the timeout passes (which
     *     breaks it)
     * @throws InterruptedOperationException if interrupted while waiting (which breaks it)
     */
    public int await(@Nullable Duration timeout) {
        long deadline = timeout == null
                ? Long.MAX_VALUE
                : System.nanoTime() + Math.max(0, AbstractProcessLock.saturatedNanos(timeout));
        lock();
        try {
            while (state() == DRAINING || state() == RESETTING) {
                waitSignal(Long.MAX_VALUE);
            }
            if (state() < 0) {
                throw new BarrierBrokenException("The process barrier " + name() + " is broken; reset() it first");
            }
            int index = count();
            setCount(index + 1);
            try {
                if (index + 1 == parties) {
                    trip();
                } else {
                    while (state() == FILLING) {
                        if (!waitSignal(deadline) && state() == FILLING) {
                            breakBarrier();
                            throw new BarrierBrokenException(
                                    "Timed out after " + timeout + " waiting at the process barrier "
                                            + name() + " (" + (index + 1) + " of " + parties
                                            + " parties arrived); the barrier is now "
                                            + "broken");
                        }
                    }
                    if (state() < 0) {
                        throw new BarrierBrokenException(
                                "The process barrier " + name() + " was broken (aborted, reset, "
                                        + "timed out or its action failed) while this thread waited");
                    }
                }
                return index;
            } finally {
                setCount(count() - 1);
                if (count() == 0 && (state() == RESETTING || state() == DRAINING)) {
                    setState(FILLING);
                    condition.notify(Integer.MAX_VALUE);
                }
            }
        } finally {
            lock.release();
        }
    }

    private void trip() {
        try {
            if (action != null) {
                action.run();
            }
            setState(DRAINING);
            condition.notify(Integer.MAX_VALUE);
        } catch (RuntimeException | Error e) {
            breakBarrier();
            throw e;
        }
    }

    /** Waits for a signal, lock released meanwhile; false on timeout. */
    private boolean waitSignal(long deadline) {
        condition.register();
        lock.release();
        boolean signalled;
        try {
            signalled = condition.awaitToken(deadline, true);
        } catch (InterruptedException e) {
            lock();
            breakBarrier();
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("the process barrier " + name(), e);
        }
        lock();
        return signalled;
    }

    /**
     * Resets the barrier to its initial state; threads waiting now get {@link BarrierBrokenException}.
     * Python's {@code reset()}.
     */
    public void reset() {
        lock();
        try {
            if (count() > 0) {
                if (state() == FILLING || state() == BROKEN) {
                    setState(RESETTING);
                }
            } else {
                setState(FILLING);
            }
            condition.notify(Integer.MAX_VALUE);
        } finally {
            lock.release();
        }
    }

    /**
     * Breaks the barrier: waiting and future calls get {@link BarrierBrokenException} until
     * {@link #reset()}. Python's {@code abort()}.
     */
    public void abort() {
        lock();
        try {
            breakBarrier();
        } finally {
            lock.release();
        }
    }

    /**
     * How many parties must arrive. Python's {@code parties}.
     *
     * @return the number of parties
     */
    public int parties() {
        return parties;
    }

    /**
     * How many parties wait now (a snapshot). Python's {@code n_waiting}.
     *
     * @return the number waiting, 0 while the barrier drains or resets
     */
    public int nWaiting() {
        return state() == FILLING ? count() : 0;
    }

    /**
     * Whether the barrier is broken. Python's {@code broken}.
     *
     * @return true when broken
     */
    public boolean isBroken() {
        return state() == BROKEN;
    }

    /**
     * The name of the barrier's shared-memory segment.
     *
     * @return the name
     */
    public String name() {
        return block.name();
    }

    /**
     * Unlinks the barrier's segment now if this process created it (see {@link AbstractProcessLock#unlink()}).
     * Not {@code close()}: the barrier is not {@link AutoCloseable}, so that {@code try (barrier)}
     * cannot remove it for the other processes by accident.
     */
    public void unlink() {
        block.unlink();
    }

    @Override
    public String toString() {
        return "ProcessBarrier[" + name() + ", parties=" + parties + ", waiting=" + nWaiting()
                + (isBroken() ? ", broken" : "") + "]";
    }

    private void lock() {
        int result;
        while (true) {
            try {
                result = lock.acquire(Long.MAX_VALUE, false);
                break;
            } catch (InterruptedException cannotHappen) {
                Thread.currentThread().interrupt();
            }
        }
        if (result > 0) {
            // A party died inside the critical section: the counters cannot be trusted any more.
            breakBarrier();
        }
    }

    private void breakBarrier() {
        setState(BROKEN);
        condition.notify(Integer.MAX_VALUE);
    }

    private int state() {
        return (int) INT.getVolatile(buffer, STATE);
    }

    private void setState(int state) {
        INT.setVolatile(buffer, STATE, state);
    }

    private int count() {
        return (int) INT.getVolatile(buffer, COUNT);
    }

    private void setCount(int count) {
        INT.setVolatile(buffer, COUNT, count);
    }

    @Serial
    private Object writeReplace() {
        return new Ticket(block.name(), parties, action, timeout);
    }

    /** How a barrier travels: its block, parties, action and default timeout. */
    private record Ticket(
            String block,
            int parties,
            @Nullable SerializableRunnable action,
            @Nullable Duration timeout) implements Serializable {
        @Serial
        private Object readResolve() {
            return SharedBlock.attach(block, KIND)
                    .view(new ViewKey(KIND, 0), b -> new ProcessBarrier(b, parties, action, timeout));
        }
    }
}
