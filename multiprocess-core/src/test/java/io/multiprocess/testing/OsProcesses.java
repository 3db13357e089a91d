package io.multiprocess.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;

/**
 * What the operating system says about a process, for tests about processes that are no longer our
 * children (orphans are re-parented to init, which may reap them only seconds later: on the CI
 * machines init reaps about every 2 s, and {@link ProcessHandle#isAlive()} calls a zombie alive).
 */
public final class OsProcesses {

    private OsProcesses() {}

    /**
     * True when the process has ended: it is gone, or a zombie waiting to be reaped.
     *
     * @param pid a process id
     * @return whether the process has exited
     */
    public static boolean hasExited(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Format: pid (comm) state ...; comm may contain spaces and parentheses.
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (NoSuchFileException gone) {
            return true;
        } catch (IOException e) {
            return !Files.exists(Path.of("/proc", Long.toString(pid)));
        }
    }

    /**
     * Waits until a process has exited.
     *
     * @param pid   the process id
     * @param limit how long it may take
     */
    public static void awaitExit(long pid, Duration limit) {
        Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(10)).until(() -> hasExited(pid));
    }
}
