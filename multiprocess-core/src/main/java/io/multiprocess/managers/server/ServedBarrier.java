package io.multiprocess.managers.server;

import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.synchronize.BarrierBrokenException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A barrier served by a {@link io.multiprocess.managers.SyncManager} ({@code manager.barrier(parties)}), as Python's
 * {@code threading.Barrier}: arrival indexes 0 to parties-1, the last arrival runs the action (in the
 * server), a timeout breaks the barrier. A waiter whose client dies breaks it too, so the others do not
 * wait for ever.
 */
final class ServedBarrier {

    private final int parties;
    private final @Nullable SerializableRunnable action;
    private final @Nullable Duration defaultTimeout;
    private Round round = new Round();

    private static final class Round {
        int arrived;
        boolean broken;
        boolean done;
    }

    ServedBarrier(int parties, @Nullable SerializableRunnable action, @Nullable Duration defaultTimeout) {
        if (parties < 1) {
            throw new IllegalArgumentException("A barrier needs at least 1 party, not " + parties);
        }
        this.parties = parties;
        this.action = action;
        this.defaultTimeout = defaultTimeout;
    }

    static ServedBarrier create(Object[] args) {
        return new ServedBarrier(
                (Integer) args[0],
                args.length > 1 ? (SerializableRunnable) args[1] : null,
                args.length > 2 ? (Duration) args[2] : null);
    }

    public int await() {
        return await(defaultTimeout);
    }

    public synchronized int await(@Nullable Duration timeout) {
        Round current = round;
        if (current.broken) {
            throw new BarrierBrokenException("The served barrier is broken; reset() it");
        }
        int index = current.arrived++;
        if (index == parties - 1) {
            if (action != null) {
                try {
                    action.run();
                } catch (RuntimeException | Error e) {
                    breakRound();
                    throw e;
                }
            }
            current.done = true;
            round = new Round();
            notifyAll();
            return index;
        }
        long deadline = Waits.deadline(timeout);
        try {
            while (!current.done && !current.broken) {
                if (!Waits.waitOn(this, deadline)) {
                    breakRound();
                    throw new BarrierBrokenException("The served barrier timed out after " + timeout + " with "
                            + current.arrived + " of " + parties + " parties; it is broken now");
                }
            }
        } catch (Waits.CallerGoneException e) {
            breakRound();
            throw e;
        } catch (InterruptedException e) {
            breakRound();
            throw Waits.interrupted("a served barrier", e);
        }
        if (current.broken) {
            throw new BarrierBrokenException("The served barrier was broken while waiting (reset, abort, a timeout or "
                    + "a party that went away)");
        }
        return index;
    }

    private void breakRound() {
        round.broken = true;
        notifyAll();
    }

    public synchronized void reset() {
        if (round.arrived > 0) {
            breakRound();
        }
        round = new Round();
    }

    public synchronized void abort() {
        breakRound();
    }

    public int parties() {
        return parties;
    }

    public synchronized int nWaiting() {
        return round.broken ? 0 : round.arrived;
    }

    public synchronized boolean isBroken() {
        return round.broken;
    }

    @Override
    public synchronized String toString() {
        return "Barrier(parties=" + parties + ", waiting=" + nWaiting() + (round.broken ? ", broken" : "") + ")";
    }
}
