package io.multiprocess.process;

import io.multiprocess.internal.exit.ExitSequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * This JVM's place in the process tree: which process it is, its parent, the children it started, and
 * what happens to them when it exits. Python's module globals {@code _current_process},
 * {@code _parent_process} and {@code _children}, and its exit function.
 */
final class ProcessTable {

    /** How long daemon children get to end after SIGTERM when their parent exits, before SIGKILL. */
    static final Duration DAEMON_GRACE = Duration.ofSeconds(2);

    private static volatile @Nullable BaseProcess current;
    /** The process of a thread of the "thread" start method, which shares this JVM with others. */
    private static final ThreadLocal<ChildProcess> THREAD_PROCESS = new ThreadLocal<>();

    private static volatile @Nullable BaseProcess parent;
    private static final Set<ChildProcess> CHILDREN = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private static final Object KEEPER_LOCK = new Object();
    private static int liveNonDaemonChildren;
    private static @Nullable Thread keeper;
    private static boolean exitHookInstalled;

    private ProcessTable() {}

    static BaseProcess current() {
        ChildProcess own = THREAD_PROCESS.get();
        if (own != null) {
            return own;
        }
        BaseProcess process = current;
        if (process == null) {
            synchronized (ProcessTable.class) {
                if (current == null) {
                    current = new MainProcess();
                }
                process = current;
            }
        }
        return process;
    }

    static @Nullable BaseProcess parent() {
        return parent;
    }

    /** Called once in a child, before {@code run()}: this JVM is now {@code self}. */
    static void enterChild(ChildProcess self, ParentProcess parentView) {
        synchronized (ProcessTable.class) {
            current = self;
            parent = parentView;
        }
        CHILDREN.clear();
        COUNTER.set(0);
    }

    /** Called on the thread of a process of the "thread" start method, before and after {@code run()}. */
    static void enterThread(@Nullable ChildProcess self) {
        if (self == null) {
            THREAD_PROCESS.remove();
        } else {
            THREAD_PROCESS.set(self);
        }
    }

    /** The identity of the next process this JVM creates: its own identity plus a counter. */
    static int[] nextIdentity() {
        int[] own = current().identity();
        int[] identity = new int[own.length + 1];
        System.arraycopy(own, 0, identity, 0, own.length);
        identity[own.length] = COUNTER.incrementAndGet();
        return identity;
    }

    /** Records a started child and keeps this JVM alive while a non-daemon child runs. */
    static void register(ChildProcess child) {
        installExitHook();
        CHILDREN.add(child);
        if (!child.isDaemon()) {
            synchronized (KEEPER_LOCK) {
                liveNonDaemonChildren++;
                if (keeper == null) {
                    keeper = new Thread(ProcessTable::keepAlive, "multiprocess-child-keeper");
                    keeper.setDaemon(false);
                    keeper.start();
                }
            }
            child.exitFuture().whenComplete((code, error) -> {
                synchronized (KEEPER_LOCK) {
                    liveNonDaemonChildren--;
                    KEEPER_LOCK.notifyAll();
                }
            });
        }
    }

    /** A non-daemon thread that lives while non-daemon children run, as Python joins them at exit. */
    private static void keepAlive() {
        synchronized (KEEPER_LOCK) {
            while (liveNonDaemonChildren > 0) {
                try {
                    KEEPER_LOCK.wait();
                } catch (InterruptedException e) {
                    break;
                }
            }
            keeper = null;
        }
    }

    static void discard(ChildProcess child) {
        CHILDREN.remove(child);
    }

    /**
     * Forgets children that ended, as Python's {@code _cleanup()} does; returns the live ones. A child
     * that another thread closes meanwhile (its close marks it closed before it leaves this table, and
     * the iteration may still yield it afterwards) counts as ended: asking its public accessors would
     * throw "is closed" into an unrelated caller, such as the {@code start()} of another process.
     */
    static List<ChildProcess> activeChildren() {
        List<ChildProcess> alive = new ArrayList<>();
        for (ChildProcess child : CHILDREN) {
            if (child.endedOrClosed()) {
                CHILDREN.remove(child);
            } else {
                alive.add(child);
            }
        }
        return alive;
    }

    /** How often the wait for non-daemon children at exit checks whether a signal ends the process. */
    private static final long SIGNAL_CHECK_MILLIS = 50;

    private static void installExitHook() {
        synchronized (KEEPER_LOCK) {
            if (exitHookInstalled) {
                return;
            }
            exitHookInstalled = true;
        }
        // Between the exit callbacks of priority >= 0 and the negative ones, as Python's exit function does.
        ExitSequence.setChildrenStep(ProcessTable::onExit);
    }

    /**
     * At exit: terminate daemon children (SIGKILL after {@link #DAEMON_GRACE}), then wait for the
     * non-daemon ones, as Python's exit function does.
     */
    private static void onExit() {
        // Thread-backed children are left alone: they end with this JVM, and a JVM cannot wait for itself.
        List<ChildProcess> daemons = new ArrayList<>();
        for (ChildProcess child : CHILDREN) {
            if (child.runsInThisJvm()) {
                continue;
            }
            if (child.isDaemon() && child.isStartedAndAlive()) {
                child.terminateQuietly();
                daemons.add(child);
            }
        }
        long deadline = System.nanoTime() + DAEMON_GRACE.toNanos();
        for (ChildProcess daemon : daemons) {
            long left = deadline - System.nanoTime();
            if (!daemon.awaitExitQuietly(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                daemon.killQuietly();
            }
        }
        // Unless SIGTERM or SIGHUP ends this process: then it ends at once, as a Python process does.
        for (ChildProcess child : CHILDREN) {
            if (!child.isDaemon() && !child.runsInThisJvm()) {
                while (!ExitSequence.endedBySignal()
                        && !Thread.currentThread().isInterrupted()
                        && !child.awaitExitQuietly(SIGNAL_CHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                    // Wait on, checking for a signal now and then.
                }
            }
        }
    }
}
