package io.multiprocess.internal.exit;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What runs when this process exits, in order, from one JVM shutdown hook (Python's
 * {@code util._exit_function}):
 * <ol>
 *   <li>exit actions with priority 0 or higher, highest first, equal priorities last-registered first;</li>
 *   <li>the children step: daemon children are terminated, non-daemon ones waited for;</li>
 *   <li>all remaining exit actions (negative priorities, and any registered meanwhile), in the same order,
 *       for instance the removal of the process's temporary directory (-100).</li>
 * </ol>
 * Each action runs at most once; one that throws is reported on standard error and the sequence goes
 * on. The hook runs on a normal end of {@code main}, {@code System.exit}, SIGTERM, SIGINT and SIGHUP;
 * nothing runs on SIGKILL or {@code Runtime.halt}.
 *
 * <p>Internal.
 */
public final class ExitSequence {

    /** Where an action stands in the sequence: higher priority first, then later registration first. */
    private record Key(int priority, long sequence) {
    }

    private static final Comparator<Key> ORDER = Comparator.comparingInt(Key::priority).reversed()
        .thenComparing(Comparator.comparingLong(Key::sequence).reversed());

    private static final ConcurrentSkipListMap<Key, Runnable> ACTIONS = new ConcurrentSkipListMap<>(ORDER);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static volatile Runnable childrenStep;
    private static volatile Runnable threadSetUp;
    private static volatile boolean exiting;

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(ExitSequence::run, "multiprocess-exit"));
        } catch (IllegalStateException alreadyExiting) {
            // Registered during shutdown: nothing will run these actions.
        }
    }

    private ExitSequence() {
    }

    /** A registered exit action, which can be removed before it runs. */
    public static final class Registration {

        private final Key key;

        private Registration(Key key) {
            this.key = key;
        }

        /**
         * Removes the action from the sequence unless it already ran or is running.
         *
         * @return true if it was removed by this call
         */
        public boolean remove() {
            return ACTIONS.remove(key) != null;
        }

        /**
         * Whether the action is still waiting in the sequence.
         *
         * @return true until it runs or is removed
         */
        public boolean isPending() {
            return ACTIONS.containsKey(key);
        }
    }

    /**
     * Adds an action to run at exit.
     *
     * @param priority its exit priority: 0 and higher run before the children step, negative ones after
     * @param action   what to run; removed from the sequence before it runs
     * @return a handle to remove it
     */
    public static Registration register(int priority, Runnable action) {
        Key key = new Key(priority, SEQUENCE.incrementAndGet());
        ACTIONS.put(key, Objects.requireNonNull(action, "action"));
        return new Registration(key);
    }

    /**
     * Sets what the exit thread does first, before any action: the logging layer puts the process's
     * name into the thread's logging context with it, so that the lines logged at exit carry it.
     *
     * @param setUp run once on the exit thread; a failure is ignored
     */
    public static void setThreadSetUp(Runnable setUp) {
        threadSetUp = Objects.requireNonNull(setUp, "setUp");
    }

    /**
     * Sets the step that handles this process's children at exit; the process table calls it once.
     *
     * @param step terminates daemon children and waits for the others
     */
    public static void setChildrenStep(Runnable step) {
        childrenStep = Objects.requireNonNull(step, "step");
    }

    /**
     * Whether the exit sequence has begun. Python's {@code util.is_exiting()}.
     *
     * @return true once the shutdown hook runs
     */
    public static boolean isExiting() {
        return exiting;
    }

    private static void run() {
        exiting = true;
        Runnable setUp = threadSetUp;
        if (setUp != null) {
            try {
                setUp.run();
            } catch (RuntimeException | LinkageError setUpFailed) {
                // The sequence runs without it (e.g. no logging back end).
            }
        }
        runWhile(0);
        Runnable children = childrenStep;
        if (children != null) {
            runSafely(children);
        }
        runWhile(Integer.MIN_VALUE);
    }

    /** Runs, one by one, the highest-priority action while its priority is at least {@code minPriority}. */
    private static void runWhile(int minPriority) {
        while (true) {
            Map.Entry<Key, Runnable> first = ACTIONS.firstEntry();
            if (first == null || first.getKey().priority() < minPriority) {
                return;
            }
            if (ACTIONS.remove(first.getKey()) != null) {
                runSafely(first.getValue());
            }
        }
    }

    private static void runSafely(Runnable action) {
        try {
            action.run();
        } catch (Throwable t) {
            System.err.println("multiprocess: an exit callback of process " + ProcessHandle.current().pid() + " failed: " + t);
            t.printStackTrace();
        }
    }
}
