package io.multiprocess.process;

import java.util.List;
import java.util.Optional;

/**
 * Read access to this JVM's place in the process tree, for the {@link io.multiprocess.Multiprocess}
 * facade.
 */
public final class Processes {

    private Processes() {}

    /**
     * The current process.
     *
     * @return the process this code runs in
     */
    public static BaseProcess current() {
        return ProcessTable.current();
    }

    /**
     * The parent process.
     *
     * @return the parent, or empty in the main program
     */
    public static Optional<BaseProcess> parent() {
        return Optional.ofNullable(ProcessTable.parent());
    }

    /**
     * The number of CPUs this JVM may use. Python's {@code cpu_count()}.
     *
     * @return at least 1
     */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * The running children, after forgetting those that ended.
     *
     * @return the running children
     */
    public static List<ChildProcess> activeChildren() {
        return ProcessTable.activeChildren();
    }
}
