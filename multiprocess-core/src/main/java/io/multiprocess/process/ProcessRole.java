package io.multiprocess.process;

/**
 * What a child process is for, as monitoring shows it (an actuator endpoint lists children by role).
 * Python has no such notion; here it is a tag set by the library's subsystems on the processes they
 * start, so that a pool worker, a manager's server and a plain process can be told apart.
 */
public enum ProcessRole {

    /** A process the application started itself: {@code ctx.process(...)}, {@code new ChildProcess(...)}. */
    PROCESS("process"),

    /** A worker process of a pool (Python's {@code Pool}). */
    POOL_WORKER("pool_worker"),

    /** The server process of a manager. */
    MANAGER("manager"),

    /** The forkserver, which starts processes for the {@code "forkserver"} start method. */
    FORKSERVER("forkserver"),

    /** The resource tracker of the process tree. */
    RESOURCE_TRACKER("resource_tracker");

    private final String label;

    ProcessRole(String label) {
        this.label = label;
    }

    /**
     * The role's name in monitoring output, lower case with underscores, e.g. {@code "pool_worker"}.
     *
     * @return the label
     */
    public String label() {
        return label;
    }
}
