package io.multiprocess.process;

import java.util.Map;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The logging settings that children inherit from their parent, kept as system properties so that the
 * child's entry point can adopt them before anything logs, and the process's name in SLF4J's MDC. The
 * logging API itself is {@code ProcessLogging}, in the util package above this one.
 */
public final class InheritedLogging {

    /**
     * The system property that makes children put their process into the MDC of their main thread at
     * start-up, when {@code true}.
     */
    public static final String PROCESS_IN_MDC_PROPERTY = "io.multiprocess.processInMdc";

    /**
     * The system property that holds the level from which the library's lines go to standard error instead
     * of SLF4J (an SLF4J level name), when set.
     */
    public static final String STDERR_LEVEL_PROPERTY = "io.multiprocess.logToStderr";

    /**
     * The system property holding the loggers' own levels ({@code name=LEVEL,...}), set through
     * {@code MultiprocessLogger.setLevel} and inherited by children.
     */
    public static final String LOG_LEVELS_PROPERTY = "io.multiprocess.logLevels";

    /**
     * The system property that says what children do with SLF4J: {@code LEVEL:socket path} to send their
     * log lines of that level and above to the parent (see {@code ProcessLogging.forwardChildLogs()}), or
     * {@value #QUIET} when the parent has no SLF4J back end (the children then keep SLF4J's warning about
     * it to themselves). Set in the parent, adopted by children and passed on to theirs.
     */
    public static final String FORWARD_LOGS_PROPERTY = "io.multiprocess.forwardLogs";

    /** The value of {@value #FORWARD_LOGS_PROPERTY} for children of a parent without an SLF4J back end. */
    public static final String QUIET = "quiet";

    /** The class name of the SLF4J back end that forwards a child's lines (in the util package). */
    static final String FORWARDING_PROVIDER = "io.multiprocess.util.ForwardingServiceProvider";

    /** The MDC key of the current process's name. */
    public static final String PROCESS_NAME_KEY = "processName";

    /** The MDC key of the current process's pid. */
    public static final String PID_KEY = "pid";

    private static volatile @Nullable Boolean providerBound;

    private InheritedLogging() {}

    /**
     * Puts a process name and this JVM's pid into the MDC of the calling thread, when an SLF4J back end is
     * bound (nothing, and no warning, otherwise).
     *
     * @param processName the current process's name
     */
    public static void putProcessInMdc(String processName) {
        if (isProviderBound() && !processName.equals(MDC.get(PROCESS_NAME_KEY))) {
            MDC.put(PROCESS_NAME_KEY, processName);
            MDC.put(PID_KEY, Long.toString(ProcessHandle.current().pid()));
        }
    }

    /**
     * Puts entries into the MDC of the calling thread (a task's context, while it runs), when an SLF4J
     * back end is bound (nothing, and no warning, otherwise).
     *
     * @param entries the keys and values
     */
    public static void putInMdc(Map<String, String> entries) {
        if (isProviderBound()) {
            entries.forEach(MDC::put);
        }
    }

    /**
     * Removes what {@link #putInMdc(Map)} put.
     *
     * @param entries the same entries
     */
    public static void removeFromMdc(Map<String, String> entries) {
        if (isProviderBound()) {
            entries.keySet().forEach(MDC::remove);
        }
    }

    /**
     * Whether an SLF4J back end is on the class path (or chosen with {@code slf4j.provider}): looked up
     * without initialising SLF4J, which would print a warning when there is none.
     *
     * @return true when SLF4J has a provider
     */
    public static boolean isProviderBound() {
        Boolean bound = providerBound;
        if (bound == null) {
            bound = System.getProperty("slf4j.provider") != null
                    || ServiceLoader.load(SLF4JServiceProvider.class, InheritedLogging.class.getClassLoader()).stream()
                            .findFirst()
                            .isPresent();
            providerBound = bound;
        }
        return bound;
    }

    /**
     * What a child writes to its children about SLF4J: its own forwarding setting, or {@value #QUIET} when
     * it has no SLF4J back end; null for nothing.
     */
    static @Nullable String forwardingForChildren() {
        String forwarding = System.getProperty(FORWARD_LOGS_PROPERTY);
        return forwarding != null ? forwarding : isProviderBound() ? null : QUIET;
    }

    /**
     * Adopts the parent's forwarding setting, in a child at start-up before anything logs: forwards this
     * process's lines to the parent through SLF4J's {@code slf4j.provider}, or keeps SLF4J quiet about a
     * missing back end. Settings of this process's own ({@code -Dslf4j.provider=...}) win.
     */
    static void adoptForwarding(@Nullable String value) {
        if (value == null || System.getProperty(FORWARD_LOGS_PROPERTY) != null) {
            return;
        }
        System.setProperty(FORWARD_LOGS_PROPERTY, value);
        if (value.equals(QUIET)) {
            adopt("slf4j.internal.verbosity", "ERROR");
            return;
        }
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", FORWARDING_PROVIDER);
            // SLF4J reports the explicit provider at INFO on standard error; warnings still show.
            adopt("slf4j.internal.verbosity", "WARN");
            providerBound = null;
        }
    }

    /** Sets a property that the parent sent unless this process set it already. */
    static void adopt(String property, @Nullable String value) {
        if (value != null && System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }
}
