package io.multiprocess.internal.start;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Ties what a child's start hands out to that child's life: while a child's start ({@code ChildProcess.start()}) serializes
 * the process object for the child, the objects that travel (a connection's end, say) can ask to be told
 * when that child has ended, or when its start failed: whatever the child did not take by then, it never
 * will, so the parent releases it.
 *
 * <p>Internal: the process layer opens the scope, connections register in it.
 */
public final class StartingChild {

    private static final ThreadLocal<List<Runnable>> ON_END = new ThreadLocal<>();

    private StartingChild() {}

    /**
     * Runs an action once the child whose start this thread is preparing has ended, however it ends (or
     * right after its start failed).
     *
     * @param action what to run, on a thread of the library; it must not block
     * @return true if it was registered; false when this thread is not starting a child (nothing is done)
     */
    public static boolean whenEnded(Runnable action) {
        Objects.requireNonNull(action, "action");
        List<Runnable> actions = ON_END.get();
        if (actions == null) {
            return false;
        }
        actions.add(action);
        return true;
    }

    /**
     * Opens the scope of a start on this thread.
     *
     * @param actions the list that collects the actions of this start
     * @return the enclosing scope's list, to restore with {@link #end}
     */
    public static List<Runnable> begin(List<Runnable> actions) {
        List<Runnable> enclosing = ON_END.get();
        ON_END.set(actions);
        return enclosing;
    }

    /**
     * Closes the scope of a start on this thread.
     *
     * @param enclosing what {@link #begin} returned
     */
    public static void end(List<Runnable> enclosing) {
        if (enclosing == null) {
            ON_END.remove();
        } else {
            ON_END.set(enclosing);
        }
    }

    /**
     * A new, empty list of actions for one start.
     *
     * @return the list
     */
    public static List<Runnable> newActions() {
        return new ArrayList<>();
    }

    /**
     * Runs the actions of a start that ended; one that throws does not stop the others.
     *
     * @param actions the start's actions
     */
    public static void run(List<Runnable> actions) {
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                System.err.println("multiprocess: releasing what a child did not receive failed: " + e);
            }
        }
    }
}
