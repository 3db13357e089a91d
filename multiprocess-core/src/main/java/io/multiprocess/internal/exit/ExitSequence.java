package io.multiprocess.internal.exit;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

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
 * <p><b>SIGTERM and SIGHUP end the process promptly</b>, as they end a Python process (whose default
 * handlers run no exit function at all). The sequence watches these signals: once one arrived,
 * {@link #endedBySignal()} is true and the library's exit steps stop waiting for what may never come
 * (the flush of a queue nobody reads, non-daemon children); when the signal arrives while the JVM is
 * already running its shutdown hooks (a process whose {@code main} returned and whose exit waits), the
 * library's hooks are given {@link #SIGNAL_GRACE} to finish, then the JVM halts with status 128+N, which
 * the parent reports as the signal. Signals that the process inherited as ignored ({@code nohup}) stay
 * ignored, and a JVM started with {@code -Xrs} keeps the operating system's defaults.
 *
 * <p>Internal.
 */
public final class ExitSequence {

    /** Where an action stands in the sequence: higher priority first, then later registration first. */
    private record Key(int priority, long sequence) {}

    private static final Comparator<Key> ORDER = Comparator.comparingInt(Key::priority)
            .reversed()
            .thenComparing(Comparator.comparingLong(Key::sequence).reversed());

    private static final ConcurrentSkipListMap<Key, Runnable> ACTIONS = new ConcurrentSkipListMap<>(ORDER);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static volatile @Nullable Runnable childrenStep;
    private static volatile @Nullable Runnable threadSetUp;
    private static volatile boolean exiting;

    /**
     * How long the library's shutdown hooks get to finish after a signal that arrived during shutdown;
     * the last of them to finish halts the JVM at once.
     */
    public static final Duration SIGNAL_GRACE = Duration.ofSeconds(3);

    /** The number of the signal that ends this process, 0 while none arrived. */
    private static volatile int endingSignal;
    /** Whether that signal arrived while the JVM was already shutting down. */
    private static volatile boolean signalDuringShutdown;
    /** The library's shutdown hooks that are running, this sequence's included. */
    private static final AtomicInteger HOOKS_RUNNING = new AtomicInteger();

    private static final Object HOOKS_LOCK = new Object();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(ExitSequence::runAsHook, "multiprocess-exit"));
        } catch (IllegalStateException alreadyExiting) {
            // Registered during shutdown: nothing will run these actions.
        }
        watchSignals();
    }

    private ExitSequence() {}

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

    /**
     * Whether this process is ending because of SIGTERM or SIGHUP: exit steps that wait for something
     * (another process, a reader) must then stop waiting.
     *
     * @return true once such a signal arrived
     */
    public static boolean endedBySignal() {
        return endingSignal != 0;
    }

    /**
     * Makes sure the signals are watched; called by the library's parts whose exit steps wait (the
     * watch is installed when this class initializes, which this call forces).
     */
    public static void watchSignalsNow() {
        // Initializing the class installs the watch.
    }

    /**
     * Runs a shutdown hook of the library, counted, so that a signal during shutdown lets it finish
     * (within {@link #SIGNAL_GRACE}) before the JVM halts.
     *
     * @param hook the hook's work; it must stop waiting once {@link #endedBySignal()} is true
     */
    public static void runHook(Runnable hook) {
        HOOKS_RUNNING.incrementAndGet();
        try {
            hook.run();
        } finally {
            if (HOOKS_RUNNING.decrementAndGet() == 0 && signalDuringShutdown) {
                // The last of the library's hooks: end now with the signal's status, before the shutdown that was
                // under way ends the JVM with the status of a normal exit.
                Runtime.getRuntime().halt(128 + endingSignal);
            }
            synchronized (HOOKS_LOCK) {
                HOOKS_LOCK.notifyAll();
            }
        }
    }

    private static void runAsHook() {
        runHook(ExitSequence::run);
    }

    /**
     * Chains a handler in front of the JVM's own for SIGTERM and SIGHUP (through reflection on
     * {@code sun.misc.Signal}: module jdk.unsupported is readable, but javac warns on direct use).
     */
    private static void watchSignals() {
        Class<?> signalClass;
        Class<?> handlerClass;
        Object ignored;
        Object systemDefault;
        try {
            signalClass = Class.forName("sun.misc.Signal");
            handlerClass = Class.forName("sun.misc.SignalHandler");
            ignored = handlerClass.getField("SIG_IGN").get(null);
            systemDefault = handlerClass.getField("SIG_DFL").get(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            return;
        }
        for (String name : List.of("TERM", "HUP")) {
            try {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                int number = (Integer) signalClass.getMethod("getNumber").invoke(signal);
                Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
                Object[] previous = new Object[1];
                Object watch = Proxy.newProxyInstance(
                        handlerClass.getClassLoader(),
                        new Class<?>[] {handlerClass},
                        (proxy, method, args) -> switch (method.getName()) {
                            case "handle" -> {
                                onSignal(number, previous[0], handlerClass, args[0]);
                                yield null;
                            }
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "multiprocess exit watch of SIG" + name;
                        });
                synchronized (previous) {
                    previous[0] = handle.invoke(null, signal, watch);
                    if (previous[0] == ignored || previous[0] == systemDefault) {
                        // Ignored by inheritance (nohup), or no JVM handler (-Xrs): leave it as it was.
                        handle.invoke(null, signal, previous[0]);
                    }
                }
            } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
                // This signal keeps the JVM's handling.
            }
        }
    }

    private static void onSignal(int number, Object previous, Class<?> handlerClass, Object signal) throws Exception {
        // signalDuringShutdown is written before endingSignal: a hook that stops waiting because it saw the
        // signal must also see, when it finishes, that it is the one to halt with the signal's status (else
        // the shutdown under way would end the JVM with the normal exit's status).
        boolean duringShutdown = HOOKS_RUNNING.get() > 0 || exiting;
        if (duringShutdown) {
            signalDuringShutdown = true;
        }
        endingSignal = number;
        if (duringShutdown) {
            // The JVM is already shutting down, so its own handler would wait behind the running hooks for
            // ever. The library's hooks stop waiting now that the signal is set; let them finish, then end as
            // the signal says.
            long deadline = System.nanoTime() + SIGNAL_GRACE.toNanos();
            synchronized (HOOKS_LOCK) {
                long left;
                while (HOOKS_RUNNING.get() > 0 && (left = deadline - System.nanoTime()) > 0) {
                    HOOKS_LOCK.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
            Runtime.getRuntime().halt(128 + number);
        }
        if (previous == null) {
            // Arrived while the watch was being installed: end as the JVM's own handler does.
            Runtime.getRuntime().exit(128 + number);
            return;
        }
        handlerClass.getMethod("handle", signal.getClass()).invoke(previous, signal);
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
            System.err.println("multiprocess: an exit callback of process "
                    + ProcessHandle.current().pid() + " failed: " + t);
            t.printStackTrace();
        }
    }
}
