package io.multiprocess.process;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What every process object tells: its name, pid, daemon flag and authentication key, whether it is
 * alive and how it ended. Python's {@code BaseProcess}.
 *
 * <p>{@link io.multiprocess.Multiprocess#currentProcess()} returns one: in the main program a process
 * named {@code "MainProcess"}, in a child the very {@link ChildProcess} object its parent started (a
 * subclass instance stays an instance of that subclass).
 */
public abstract class BaseProcess implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private volatile String name;
    private volatile boolean daemon;
    private volatile byte[] authkey;
    private final int[] identity;

    BaseProcess(String name, int[] identity, byte[] authkey) {
        this.name = Objects.requireNonNull(name, "name");
        this.identity = identity.clone();
        this.authkey = authkey.clone();
    }

    /**
     * The process name: {@code "MainProcess"} for the main program; for children the name given at
     * creation, or {@code "Process-N"} where N counts the processes its parent created (a grandchild is
     * {@code "Process-N:M"}). Only used for identification; several processes may share a name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Renames the process. Renaming after start renames only this process object, not the child's own copy.
     *
     * @param name the new name
     */
    public void setName(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * Whether the process is a daemon: terminated when its parent exits, rather than waited for.
     *
     * @return the daemon flag
     */
    public boolean isDaemon() {
        return daemon;
    }

    /**
     * Sets the daemon flag. Must be called before {@code start()}.
     *
     * @param daemon true for a daemon process
     * @throws io.multiprocess.ProcessStateException if the process was started
     */
    public void setDaemon(boolean daemon) {
        this.daemon = daemon;
    }

    /**
     * The authentication key of the process: random for the main program, inherited by children. The
     * library's listeners and managers use it by default to authenticate peers.
     *
     * @return a copy of the key
     */
    public byte[] authkey() {
        return authkey.clone();
    }

    /**
     * Replaces the authentication key; children started afterwards inherit the new one.
     *
     * @param authkey the new key, at least one byte
     */
    public void setAuthkey(byte[] authkey) {
        if (authkey == null || authkey.length == 0) {
            throw new IllegalArgumentException("An authentication key needs at least one byte");
        }
        this.authkey = authkey.clone();
    }

    /**
     * The operating-system process id, once known: always for the current process, after
     * {@code start()} for a child.
     *
     * @return the pid, or empty before start
     */
    public abstract OptionalLong pid();

    /**
     * Whether the process is running: true for the current process; for a child, from start until it exits.
     *
     * @return whether it runs
     */
    public abstract boolean isAlive();

    /**
     * How the process ended: empty while it runs (or before start); 0 after a normal end; 1 when
     * {@code run()} threw; the status given to {@code System.exit}; {@code -N} when it was killed by
     * signal N (statuses 129 to 159 are reported as signals 1 to 31, since the JVM exits with 128+N
     * when it handles a signal itself).
     *
     * @return the exit code, or empty
     */
    public abstract OptionalInt exitCode();

    /**
     * What the process does; runs in the child JVM. The default calls the target given at creation,
     * if any; subclasses may override it instead of passing a target.
     */
    public void run() {}

    /** The position of the process in the tree: empty for the main program, [N] for its N-th child... */
    int[] identity() {
        return identity;
    }

    /** The default name for a process created by a parent with this identity suffix. */
    static String defaultName(Class<?> type, int[] identity) {
        String base = type == ChildProcess.class
                        || type.isAnonymousClass()
                        || type.getSimpleName().isEmpty()
                ? "Process"
                : type.getSimpleName();
        StringBuilder name = new StringBuilder(base).append('-');
        for (int i = 0; i < identity.length; i++) {
            name.append(i == 0 ? "" : ":").append(identity[i]);
        }
        return name.toString();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[name=" + name
                + pid().stream().mapToObj(p -> ", pid=" + p).findFirst().orElse("") + (daemon ? ", daemon" : "")
                + (identity.length > 0 ? ", identity=" + Arrays.toString(identity) : "") + "]";
    }
}
