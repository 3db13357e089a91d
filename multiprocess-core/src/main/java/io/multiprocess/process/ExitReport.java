package io.multiprocess.process;

import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The final report of a forkserver child: once its JVM has run every shutdown hook and only the JVM's own
 * teardown and the kernel's are left, the child sends its pid and exit status to the forkserver, which
 * passes it on to the client at once, so that {@code join()} returns then. A JVM's teardown and reaping
 * take some 8 ms on a small machine, more than the rest of a forkserver start; everything the child's code
 * and hooks did is complete when the report leaves, and the status is the one the process exits with.
 *
 * <p>Where to: the write end of a pipe of the server, opened by its {@code /proc/<server pid>/fd/<n>} path
 * (given on the spare's command line), so that no file is created that a killed server could leave behind.
 *
 * <p>How: a system shutdown hook in the last slot (after the application's hooks and the deletion of
 * delete-on-exit files) registered through the JDK's internal access, which forkserver spares are given
 * ({@code --add-exports java.base/jdk.internal.access=ALL-UNNAMED}). It reports only a shutdown that the
 * child's main thread began with a status it recorded ({@link #exiting}): when the process ends otherwise
 * (its code calls {@code System.exit}, a signal, a crash), nothing is reported here and the server reports
 * the status it reaps, as before.
 *
 * <p>Internal API.
 */
final class ExitReport {

    /** The JVM option that opens the internal access this needs. */
    static final String EXPORT_OPTION = "--add-exports=java.base/jdk.internal.access=ALL-UNNAMED";

    /** A report: the pid (8 bytes) and the exit status (4), big-endian. */
    static final int MESSAGE_BYTES = 12;

    /** The last of the JDK's ten system shutdown-hook slots. */
    private static final int LAST_SLOT = 9;

    private static volatile @Nullable String path;
    private static volatile @Nullable Thread mainThread;
    private static volatile int status = -1;

    private ExitReport() {}

    /**
     * Registers the hook and arranges the report of this process's end, on the current (main) thread, if
     * the JVM allows it. A spare does it while it waits for work.
     *
     * @param reportPath where to write the report ({@code /proc/<server pid>/fd/<n>}), or {@code "-"} for nowhere
     * @return whether the report is armed
     */
    public static boolean install(String reportPath) {
        if (reportPath.equals("-") || path != null) {
            return false;
        }
        try {
            Object access = Class.forName("jdk.internal.access.SharedSecrets")
                    .getMethod("getJavaLangAccess")
                    .invoke(null);
            Method register = Class.forName("jdk.internal.access.JavaLangAccess")
                    .getMethod("registerShutdownHook", int.class, boolean.class, Runnable.class);
            path = reportPath;
            mainThread = Thread.currentThread();
            register.invoke(access, LAST_SLOT, false, new Report());
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError notAllowed) {
            path = null;
            return false;
        }
    }

    /**
     * Whether this process will report its end.
     *
     * @return true after a successful {@link #install}
     */
    public static boolean isArmed() {
        return path != null;
    }

    /**
     * Waits until every other non-daemon thread has ended, as the JVM does when {@code main} returns, then
     * records the status this (main) thread is about to exit with. Call {@code System.exit(status)} next.
     *
     * @param exitStatus the status
     */
    public static void exiting(int exitStatus) {
        awaitNonDaemonThreads();
        status = exitStatus;
    }

    private static void awaitNonDaemonThreads() {
        Thread self = Thread.currentThread();
        ThreadGroup root = self.getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        boolean waited = true;
        while (waited) {
            waited = false;
            Thread[] threads = new Thread[root.activeCount() + 16];
            int count = root.enumerate(threads, true);
            for (int i = 0; i < count; i++) {
                Thread thread = threads[i];
                if (thread != self && !thread.isDaemon() && thread.isAlive()) {
                    joinUninterruptibly(thread);
                    waited = true;
                }
            }
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The hook: runs on the thread that began the shutdown, after every other hook. */
    private static final class Report implements Runnable {

        @Override
        public void run() {
            int reported = status;
            String target = path;
            if (Thread.currentThread() != mainThread || reported < 0 || target == null) {
                return;
            }
            ByteBuffer message = ByteBuffer.allocate(MESSAGE_BYTES)
                    .putLong(ProcessHandle.current().pid())
                    .putInt(reported);
            try (FileOutputStream out = new FileOutputStream(target)) {
                // One write of a few bytes is atomic in the pipe, which several children share.
                out.write(message.array());
            } catch (IOException | RuntimeException serverGone) {
                // The server reports the reaped status instead.
            }
        }
    }
}
