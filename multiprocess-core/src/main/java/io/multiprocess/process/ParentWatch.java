package io.multiprocess.process;

import io.multiprocess.internal.posix.LinuxProcessControl;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The child's watch over its parent: no orphans, even when the parent is killed with SIGKILL.
 *
 * <p>One daemon thread, living as long as the child, with two lines of defence:
 * <ol>
 *   <li>every {@value #POLL_MILLIS} ms it checks that its parent is still the process that started
 *       it: when the parent dies, the kernel re-parents the child, and the child exits (by
 *       {@code System.exit}, with {@value #HALT_AFTER_MILLIS} ms for shutdown hooks before it halts);</li>
 *   <li>once the child has lived {@value #ARM_DEATH_SIGNAL_AFTER_MILLIS} ms, it arms the kernel's
 *       parent-death signal (SIGKILL), which also ends a child whose JVM is too wedged to run Java code.
 *       Loading the native binding costs about 100 ms of CPU, which short children never pay (and a few
 *       milliseconds at exit, when its clean-up runs). The setting belongs to the calling thread, hence
 *       this long-lived one. The forkserver arms it at once; its spares, which may wait long for work,
 *       poll while idle and arm it once their process has run for that long.</li>
 * </ol>
 *
 * <p>Why polling rather than blocking on a pipe from the parent: HotSpot's exit waits up to 300 ms for
 * threads that are inside a native call, such as a blocking read, to stop; a watch blocked in
 * {@code read()} would add that to every child's exit. A sleeping thread adds nothing.
 *
 * <p>Internal SPI.
 */
final class ParentWatch {

    /** The exit status of a child whose parent died. */
    public static final int PARENT_DIED_STATUS = 255;

    /** How often the parent is checked. */
    static final long POLL_MILLIS = 100;

    /** How long shutdown hooks may run after the parent died, before the child halts. */
    static final long HALT_AFTER_MILLIS = 1000;

    /** How long a child lives before it arms the kernel's parent-death signal. */
    static final long ARM_DEATH_SIGNAL_AFTER_MILLIS = 1000;

    private ParentWatch() {}

    /**
     * Starts watching.
     *
     * @param parentPid the pid of the parent that started this process
     * @param armNow    arm the parent-death signal at once rather than after
     *                  {@value #ARM_DEATH_SIGNAL_AFTER_MILLIS} ms
     */
    public static void start(long parentPid, boolean armNow) {
        armAt = System.nanoTime() + (armNow ? 0 : TimeUnit.MILLISECONDS.toNanos(ARM_DEATH_SIGNAL_AFTER_MILLIS));
        startThread(parentPid);
    }

    /**
     * Starts watching for a process that has no work yet (a forkserver spare): the parent is polled, and
     * the parent-death signal waits for {@link #workStarted()}.
     *
     * @param parentPid the pid of the parent that started this process
     */
    public static void startIdle(long parentPid) {
        armWhenIdle = true;
        startThread(parentPid);
    }

    /**
     * Tells an idle watch ({@link #startIdle}) that this process now runs its work: the parent-death
     * signal is armed if the work lasts {@value #ARM_DEATH_SIGNAL_AFTER_MILLIS} ms.
     */
    public static void workStarted() {
        armAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ARM_DEATH_SIGNAL_AFTER_MILLIS);
        armWhenIdle = false;
    }

    /**
     * Starts watching the process that is this process's parent now.
     */
    public static void startOnCurrentParent() {
        start(currentParentPid(), false);
    }

    private static void startThread(long parentPid) {
        Thread watch = new Thread(new Watch(parentPid), "multiprocess-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /** When to arm the parent-death signal (System.nanoTime()); ignored while {@link #armWhenIdle}. */
    private static volatile long armAt;
    /** True while an idle spare waits for work: its signal is not armed yet. */
    private static volatile boolean armWhenIdle;

    /** The watch; a class rather than a lambda, which would cost a fresh JVM a few milliseconds. */
    private static final class Watch implements Runnable {

        private final long parentPid;

        Watch(long parentPid) {
            this.parentPid = parentPid;
        }

        @Override
        public void run() {
            watch(parentPid);
        }
    }

    private static void watch(long parentPid) {
        boolean armed = false;
        while (true) {
            if (!armed && !armWhenIdle && System.nanoTime() - armAt >= 0) {
                armed = true;
                try {
                    LinuxProcessControl.armParentDeathSignal();
                } catch (Throwable nativeBindingFailed) {
                    // The kernel's signal is the second line; polling goes on without it.
                }
            }
            if (currentParentPid() != parentPid) {
                exitBecauseParentDied();
                return;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static long currentParentPid() {
        Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        return parent.isPresent() ? parent.get().pid() : -1L;
    }

    private static void exitBecauseParentDied() {
        Thread halt = new Thread(ParentWatch::haltLater, "multiprocess-orphan-halt");
        halt.setDaemon(true);
        halt.start();
        System.exit(PARENT_DIED_STATUS);
    }

    private static void haltLater() {
        try {
            Thread.sleep(HALT_AFTER_MILLIS);
        } catch (InterruptedException ignored) {
            // Halt now.
        }
        Runtime.getRuntime().halt(PARENT_DIED_STATUS);
    }
}
