package io.multiprocess;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a child process is started. Python's start methods, as far as a JVM can have them, plus the
 * thread-backed twin of Python's {@code multiprocessing.dummy}.
 *
 * <p>There is no {@code fork}: a JVM cannot fork itself safely (its threads, JIT and GC state do not
 * survive {@code fork()}), so asking for it raises {@link UnsupportedStartMethodException}, which
 * names the alternatives. {@link #FORKSERVER} is the fast replacement: JVMs started and warmed in
 * advance.
 */
public enum StartMethod {

    /**
     * A fresh JVM per process, started with the parent's Java executable and class path. The child
     * receives the process object over a pipe and runs it. Python's {@code "spawn"}.
     */
    SPAWN("spawn"),

    /**
     * A server JVM, started on first use, keeps a few spare JVMs started and warmed up in advance;
     * {@code start()} hands the process to a spare (a few milliseconds) and the server starts a new spare
     * in the background. Python's {@code "forkserver"}. The server and its spares never outlive the
     * program that started them.
     */
    FORKSERVER("forkserver"),

    /**
     * No new process: the target runs on a new thread of this JVM, without being serialized. The
     * thread-backed twin of Python's {@code multiprocessing.dummy}, which has no start-method name in
     * Python; here it is {@code "thread"}. Not listed by {@link #processBased()}.
     */
    THREAD("thread");

    private final String pythonName;

    StartMethod(String pythonName) {
        this.pythonName = pythonName;
    }

    /**
     * The name Python uses for this method, e.g. {@code "spawn"} ({@code "thread"} for the thread-backed
     * twin, which Python reaches as {@code multiprocessing.dummy}).
     *
     * @return the method's name
     */
    public String pythonName() {
        return pythonName;
    }

    /**
     * Whether processes of this method are operating-system processes (every method but {@link #THREAD}).
     *
     * @return true for real processes
     */
    public boolean isProcessBased() {
        return this != THREAD;
    }

    /**
     * The start methods that start real processes, the default first: what Python's
     * {@code get_all_start_methods()} lists.
     *
     * @return {@code [SPAWN, FORKSERVER]}
     */
    public static List<StartMethod> processBased() {
        return Arrays.stream(values()).filter(StartMethod::isProcessBased).toList();
    }

    /**
     * Parses a start method by its Python name (case-insensitive).
     *
     * @param name {@code "spawn"}, {@code "forkserver"} or {@code "thread"}
     * @return the start method
     * @throws UnsupportedStartMethodException for {@code "fork"} (with the reason and the alternatives)
     *     and for unknown names
     */
    public static StartMethod of(String name) {
        String wanted = name == null ? "null" : name.trim().toLowerCase(Locale.ROOT);
        for (StartMethod method : values()) {
            if (method.pythonName.equals(wanted)
                    || method.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return method;
            }
        }
        String available = Arrays.stream(values()).map(StartMethod::pythonName).collect(Collectors.joining(", "));
        if (wanted.equals("fork")) {
            throw new UnsupportedStartMethodException(
                    "The start method 'fork' does not exist on the JVM: a JVM cannot be "
                            + "forked safely, because fork() copies only the calling thread and leaves the JIT, GC and other threads "
                            + "of the copy broken. Use 'forkserver' for fast starts (JVMs started and warmed in advance hand over "
                            + "in milliseconds), 'spawn' for a fresh JVM per process, or 'thread' to run on threads of this JVM. "
                            + "Available: " + available + ".");
        }
        throw new UnsupportedStartMethodException("Unknown start method '" + name + "'; use one of: " + available
                + (wanted.equals("dummy") ? " ('thread' is Python's multiprocessing.dummy)" : "") + ".");
    }
}
