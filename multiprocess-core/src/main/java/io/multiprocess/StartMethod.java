package io.multiprocess;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a child process is started. Python's start methods, as far as a JVM can have them.
 *
 * <p>There is no {@code fork}: a JVM cannot fork itself safely (its threads, JIT and GC state do not
 * survive {@code fork()}), so asking for it raises {@link UnsupportedStartMethodException}, which
 * names the alternatives.
 */
public enum StartMethod {

    /**
     * A fresh JVM per process, started with the parent's Java executable and class path. The child
     * receives the process object over a pipe and runs it. Python's {@code "spawn"}.
     */
    SPAWN("spawn");

    private final String pythonName;

    StartMethod(String pythonName) {
        this.pythonName = pythonName;
    }

    /**
     * The name Python uses for this method, e.g. {@code "spawn"}.
     *
     * @return the method's name
     */
    public String pythonName() {
        return pythonName;
    }

    /**
     * Parses a start method by its Python name (case-insensitive).
     *
     * @param name {@code "spawn"}
     * @return the start method
     * @throws UnsupportedStartMethodException for {@code "fork"} (with the reason and the alternatives)
     *     and for unknown names
     */
    public static StartMethod of(String name) {
        String wanted = name == null ? "null" : name.trim().toLowerCase(Locale.ROOT);
        for (StartMethod method : values()) {
            if (method.pythonName.equals(wanted) || method.name().toLowerCase(Locale.ROOT).equals(wanted)) {
                return method;
            }
        }
        String available = Arrays.stream(values()).map(StartMethod::pythonName).collect(Collectors.joining(", "));
        if (wanted.equals("fork")) {
            throw new UnsupportedStartMethodException("The start method 'fork' does not exist on the JVM: a JVM cannot be "
                + "forked safely, because fork() copies only the calling thread and leaves the JIT, GC and other threads "
                + "of the copy broken. Use one of: " + available + ".");
        }
        throw new UnsupportedStartMethodException("Unknown start method '" + name + "'; use one of: " + available + ".");
    }
}
