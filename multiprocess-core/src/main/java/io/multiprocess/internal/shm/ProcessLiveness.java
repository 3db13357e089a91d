package io.multiprocess.internal.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Whether a process (by pid) still runs, as the kernel sees it: a zombie has ended. Used to recover
 * what a process that died without cleaning up left locked.
 *
 * <p>Internal API.
 */
public final class ProcessLiveness {

    private static final int SELF = (int) ProcessHandle.current().pid();

    private ProcessLiveness() {}

    /**
     * This process's pid, as an int (Linux pids fit in 22 bits).
     *
     * @return the pid
     */
    public static int self() {
        return SELF;
    }

    /**
     * True unless the process is gone or a zombie. A pid reused by a new process counts as alive: the
     * callers accept that rare case (they then wait for their timeout).
     *
     * @param pid a process id
     * @return whether it runs
     */
    public static boolean isAlive(int pid) {
        if (pid == SELF) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException | RuntimeException unreadable) {
            return Files.exists(Path.of("/proc", Integer.toString(pid)));
        }
    }
}
