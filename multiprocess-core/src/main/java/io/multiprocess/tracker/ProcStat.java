package io.multiprocess.tracker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** What {@code /proc} says about a process: its parent, its start time, its command line. */
final class ProcStat {

    private ProcStat() {}

    /** Fields after the command name of {@code /proc/<pid>/stat}; index 0 is field 3 (state). */
    private static String[] fields(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** The parent's pid, or empty when the process is gone. */
    static OptionalLong parentPid(long pid) {
        try {
            return OptionalLong.of(Long.parseLong(fields(pid)[1]));
        } catch (IOException | RuntimeException gone) {
            return OptionalLong.empty();
        }
    }

    /**
     * The start time in clock ticks since boot (field 22): with the pid, it names a process for good,
     * even after its pid is reused. Empty when the process is gone.
     */
    static OptionalLong startTicks(long pid) {
        try {
            return OptionalLong.of(Long.parseLong(fields(pid)[19]));
        } catch (IOException | RuntimeException gone) {
            return OptionalLong.empty();
        }
    }

    /** Whether the process runs (a zombie has ended). */
    static boolean isAlive(long pid) {
        try {
            char state = fields(pid)[0].charAt(0);
            return state != 'Z' && state != 'X';
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    /** Whether the process's command line contains {@code text} as one of its arguments. */
    static boolean commandLineHas(long pid, String text) {
        try {
            String cmdline = new String(
                    Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
            for (String argument : cmdline.split("\0")) {
                if (argument.equals(text)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }
}
