package io.multiprocess.util;

import io.multiprocess.internal.exit.ExitSequence;
import io.multiprocess.process.BaseProcess;
import io.multiprocess.process.InheritedLogging;
import io.multiprocess.process.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.Level;

/**
 * Logging that says which process wrote each line. Python's {@code multiprocessing.get_logger()} and
 * {@code log_to_stderr(level)}, on SLF4J.
 *
 * <h2>The process in every line</h2>
 * <ul>
 *   <li>Loggers from {@link #getLogger()} (the library's own, {@value #LOGGER_NAME}) and
 *       {@link #getLogger(Class)} (for your classes) prefix every message with the current process's name
 *       and pid, {@code Process-1[12345]: message}, whatever the logging back end and its pattern, in
 *       every thread of every process. They are serializable: a logger captured by a task logs with the
 *       child's name in the child.</li>
 *   <li>For lines of other loggers, the name and pid can be in SLF4J's MDC under
 *       {@value #PROCESS_NAME_KEY} and {@value #PID_KEY}: use {@code %X{processName}} and {@code %X{pid}}
 *       in a Logback or Log4j pattern, and call {@link #putProcessInMdc()} once at the start of
 *       {@code main}. From then on every child this process starts puts its own name and pid into the
 *       MDC of its main thread before its task runs, and passes that on to its children. (Or set the
 *       system property {@value #MDC_PROPERTY} to {@code true}.) The library's exit thread does it too (then),
 *       and any thread that logs through one of the loggers above; call {@code putProcessInMdc()} at the
 *       start of other threads you create. slf4j-simple and slf4j-nop ignore the MDC.</li>
 * </ul>
 *
 * <p>Why children do not set the MDC unless asked: it starts SLF4J and its back end in every child,
 * about 60 ms with slf4j-simple on the CI machine (more with Logback's configuration), a quarter of the
 * start-up of a child that would not log at all.
 *
 * <h2>Logging to standard error</h2>
 * {@link #logToStderr(Level)} makes the library's loggers (named {@value #LOGGER_NAME} and below) write
 * their lines at or above the level straight to standard error, formatted as Python does,
 * {@code [INFO/Process-1] message}, and no longer pass them to SLF4J (Python's multiprocessing logger
 * does not propagate either): it works without any SLF4J back end. Children started afterwards inherit
 * it (through their context), as Python's spawned children do. Your own loggers are not affected.
 *
 * <p>Without {@code logToStderr}, lines go to SLF4J, and so to the back end you configured, or nowhere
 * when none is bound.
 */
public final class ProcessLogging {

    /** The name of the library's logger, and the root of its loggers' names. */
    public static final String LOGGER_NAME = "io.multiprocess";

    /** The MDC key holding the current process's name ({@code MainProcess}, {@code Process-1}...). */
    public static final String PROCESS_NAME_KEY = InheritedLogging.PROCESS_NAME_KEY;

    /** The MDC key holding the current process's pid. */
    public static final String PID_KEY = InheritedLogging.PID_KEY;

    /**
     * The system property that makes children put their process into the MDC of their main thread at
     * start-up, when {@code true}; set by {@link #putProcessInMdc()} and inherited by children.
     */
    public static final String MDC_PROPERTY = InheritedLogging.PROCESS_IN_MDC_PROPERTY;

    /** Python's {@code logging.NOTSET}: no level of the logger's own. */
    public static final int NOTSET = 0;

    /** Python's {@code multiprocessing.SUBDEBUG}, 5: below DEBUG; SLF4J's {@link Level#TRACE}. */
    public static final int SUBDEBUG = 5;

    /** Python's {@code logging.DEBUG}, 10: SLF4J's {@link Level#DEBUG}. */
    public static final int DEBUG = 10;

    /** Python's {@code logging.INFO}, 20: SLF4J's {@link Level#INFO}. */
    public static final int INFO = 20;

    /**
     * Python's {@code multiprocessing.SUBWARNING}, 25: between INFO and WARNING; SLF4J's {@link Level#INFO},
     * so that a level of SUBWARNING shows everything Python shows at it (and INFO lines with it), while
     * WARN still hides what Python hides at WARNING.
     */
    public static final int SUBWARNING = 25;

    /** Python's {@code logging.WARNING}, 30: SLF4J's {@link Level#WARN}. */
    public static final int WARNING = 30;

    /** Python's {@code logging.ERROR}, 40: SLF4J's {@link Level#ERROR}. */
    public static final int ERROR = 40;

    /** Python's {@code logging.CRITICAL}, 50: SLF4J's {@link Level#ERROR}, its highest. */
    public static final int CRITICAL = 50;

    private static final Map<String, ProcessLogger> LOGGERS = new ConcurrentHashMap<>();
    private static @Nullable ChildLogReceiver receiver;
    private static int forwardingUsers;
    private static volatile @Nullable Level stderrLevel =
            levelOf(System.getProperty(InheritedLogging.STDERR_LEVEL_PROPERTY));
    private static volatile Levels levels = Levels.NONE;

    private ProcessLogging() {}

    /**
     * The library's logger, {@value #LOGGER_NAME}. Python's {@code multiprocessing.get_logger()}.
     *
     * @return the logger; the same instance on every call
     */
    public static MultiprocessLogger getLogger() {
        return getLogger(LOGGER_NAME);
    }

    /**
     * A logger for a class, whose lines carry the process name and pid.
     *
     * @param type the class, whose name is the logger's
     * @return the logger
     */
    public static MultiprocessLogger getLogger(Class<?> type) {
        return getLogger(type.getName());
    }

    /**
     * A logger of any name, whose lines carry the process name and pid.
     *
     * @param name the logger's name
     * @return the logger; the same instance for the same name
     */
    public static MultiprocessLogger getLogger(String name) {
        Objects.requireNonNull(name, "name");
        return LOGGERS.computeIfAbsent(name, ProcessLogger::new);
    }

    /**
     * Sends the library's log lines of level WARN and above to standard error. Python's
     * {@code log_to_stderr()}.
     *
     * @return the library's logger
     */
    public static MultiprocessLogger logToStderr() {
        return logToStderr(Level.WARN);
    }

    /**
     * Sends the library's log lines of {@code level} and above to standard error, as
     * {@code [LEVEL/ProcessName] message}, instead of to SLF4J; lines below the level are dropped.
     * Children started afterwards do the same. As Python's {@code log_to_stderr(level)}, it sets the level
     * of the library's logger, which {@link MultiprocessLogger#setLevel(Level)} changes later; calling it
     * again changes the level too.
     *
     * @param level the lowest level written
     * @return the library's logger
     */
    public static MultiprocessLogger logToStderr(Level level) {
        stderrLevel = Objects.requireNonNull(level, "level");
        System.setProperty(InheritedLogging.STDERR_LEVEL_PROPERTY, level.name());
        MultiprocessLogger logger = getLogger();
        logger.setLevel(level);
        return logger;
    }

    /**
     * {@link #logToStderr(Level)} with one of Python's numeric levels, such as {@link #SUBDEBUG}: Python's
     * {@code log_to_stderr(SUBDEBUG)}.
     *
     * @param pythonLevel the numeric level, mapped by {@link #toLevel(int)}; {@link #NOTSET} writes every
     *                    line
     * @return the library's logger
     * @throws IllegalArgumentException if the level is negative
     */
    public static MultiprocessLogger logToStderr(int pythonLevel) {
        return logToStderr(toLevel(pythonLevel).orElse(Level.TRACE));
    }

    /**
     * The SLF4J level for one of Python's numeric levels: the lowest SLF4J level that shows every line
     * Python shows at that level. {@link #SUBDEBUG} (and anything from 1 to 5) is TRACE, up to 10 DEBUG,
     * up to 25 ({@link #SUBWARNING}) INFO, up to 30 WARN, above ERROR; {@link #NOTSET} is no level.
     *
     * @param pythonLevel the numeric level, 0 or more
     * @return the level, or empty for {@link #NOTSET}
     * @throws IllegalArgumentException if the level is negative
     */
    public static Optional<Level> toLevel(int pythonLevel) {
        if (pythonLevel < 0) {
            throw new IllegalArgumentException("A logging level is 0 or more, not " + pythonLevel);
        }
        if (pythonLevel == NOTSET) {
            return Optional.empty();
        }
        Level level = pythonLevel <= SUBDEBUG
                ? Level.TRACE
                : pythonLevel <= DEBUG
                        ? Level.DEBUG
                        : pythonLevel <= SUBWARNING ? Level.INFO : pythonLevel <= WARNING ? Level.WARN : Level.ERROR;
        return Optional.of(level);
    }

    /**
     * The level set by {@link #logToStderr(Level)}, which children inherit.
     *
     * @return the level, or empty when the library logs through SLF4J
     */
    public static Optional<Level> stderrLevel() {
        return Optional.ofNullable(stderrLevel);
    }

    /**
     * Puts the current process's name and pid into SLF4J's MDC for the calling thread, under
     * {@value #PROCESS_NAME_KEY} and {@value #PID_KEY}, so that every line logged in this thread can
     * show them, and makes the children started afterwards do the same in their main thread (see
     * {@value #MDC_PROPERTY}). Does nothing (and, unlike SLF4J itself, prints no warning) when no SLF4J
     * back end is on the class path.
     */
    public static void putProcessInMdc() {
        System.setProperty(MDC_PROPERTY, "true");
        ExitSequence.setThreadSetUp(ProcessLogging::putProcessInMdcOfThread);
        putProcessInMdcOfThread();
    }

    private static void putProcessInMdcOfThread() {
        BaseProcess current = Processes.current();
        InheritedLogging.putProcessInMdc(current.name());
    }

    /** Keeps the MDC of the calling thread in step with the current process (cheap when it is). */
    static void refreshMdc(String processName) {
        InheritedLogging.putProcessInMdc(processName);
    }

    /** Sets or (with null) drops a logger's own level, here and in the children started afterwards. */
    static synchronized void setLevel(String loggerName, @Nullable Level level) {
        Map<String, Level> changed = new TreeMap<>(current().byName);
        if (level == null) {
            changed.remove(loggerName);
        } else {
            changed.put(loggerName, level);
        }
        if (changed.isEmpty()) {
            System.clearProperty(InheritedLogging.LOG_LEVELS_PROPERTY);
        } else {
            StringBuilder text = new StringBuilder();
            changed.forEach((name, value) -> text.append(text.length() == 0 ? "" : ",")
                    .append(name)
                    .append('=')
                    .append(value.name()));
            System.setProperty(InheritedLogging.LOG_LEVELS_PROPERTY, text.toString());
        }
    }

    /** A logger's own level. */
    static @Nullable Level ownLevel(String loggerName) {
        return current().byName.get(loggerName);
    }

    /** The level of a logger or of its nearest dotted ancestor; null when none has one (the usual case). */
    static @Nullable Level levelFor(String loggerName) {
        Levels known = current();
        return known.byName.isEmpty() ? null : known.effective(loggerName);
    }

    /**
     * The levels, read from the system property that children inherit (a child adopts its parent's
     * property at start-up, possibly after this class was loaded), parsed again only when it changed.
     */
    private static Levels current() {
        String text = System.getProperty(InheritedLogging.LOG_LEVELS_PROPERTY);
        Levels known = levels;
        if (Objects.equals(text, known.text)) {
            return known;
        }
        Map<String, Level> byName = new HashMap<>();
        if (text != null) {
            for (String entry : text.split(",")) {
                int equals = entry.lastIndexOf('=');
                Level level = equals > 0 ? levelOf(entry.substring(equals + 1)) : null;
                if (level != null) {
                    byName.put(entry.substring(0, equals), level);
                }
            }
        }
        Levels parsed = new Levels(text, Map.copyOf(byName));
        levels = parsed;
        return parsed;
    }

    /**
     * The loggers' own levels as parsed from {@code text}, and the effective levels looked up so far
     * (a new instance for every change, so nothing stale stays cached).
     */
    private record Levels(
            @Nullable String text, Map<String, Level> byName, Map<String, Optional<Level>> effectiveByName) {

        static final Levels NONE = new Levels(null, Map.of());

        Levels(@Nullable String text, Map<String, Level> byName) {
            this(text, byName, new ConcurrentHashMap<>());
        }

        /** The level of a logger or of its nearest dotted ancestor; null when none has one. */
        @Nullable
        Level effective(String loggerName) {
            return effectiveByName.computeIfAbsent(loggerName, this::lookUp).orElse(null);
        }

        private Optional<Level> lookUp(String loggerName) {
            String name = loggerName;
            while (true) {
                Level level = byName.get(name);
                if (level != null) {
                    return Optional.of(level);
                }
                int dot = name.lastIndexOf('.');
                if (dot < 0) {
                    return Optional.empty();
                }
                name = name.substring(0, dot);
            }
        }
    }

    /** Whether lines of this logger go to standard error rather than SLF4J, and from which level. */
    static @Nullable Level stderrLevelFor(String loggerName) {
        Level level = stderrLevel;
        return level != null && isLibraryLogger(loggerName) ? level : null;
    }

    static boolean isLibraryLogger(String name) {
        return name.equals(LOGGER_NAME) || name.startsWith(LOGGER_NAME + ".");
    }

    /**
     * Makes the children started from now on send their SLF4J log lines to this process, which logs them
     * through its own SLF4J back end and configuration: under the child's logger names, with the child's
     * MDC plus {@value #PROCESS_NAME_KEY}, {@value #PID_KEY} and {@code processThread}, the message prefixed
     * with the child's name and pid ({@code Process-1[12345]: }), so that one application log shows the
     * workers' lines. Children send the lines at or above the level this process's root logger has now
     * (a child's own logger levels are not known to it); a line this process's logger of that name does
     * not write is dropped here. Each child uses a forwarding SLF4J back end, chosen through
     * {@code slf4j.provider} (so SLF4J prints no warning about several or missing back ends in it), unless
     * it was started with a {@code -Dslf4j.provider} of its own. Grandchildren forward to this process too.
     *
     * <p>The lines travel over a Unix-domain socket in this process's private (0700) temporary directory;
     * nothing but text is read from it. Calls nest: forwarding stops when every handle is closed; then
     * running children write their lines to their standard error instead. Without an SLF4J back end in
     * this process there is nothing to forward to: the handle does nothing, and children stay quiet about
     * the missing back end either way.
     *
     * @return the handle that stops forwarding, once, when closed
     * @throws java.io.UncheckedIOException if the socket cannot be opened
     */
    public static synchronized ChildLogForwarding forwardChildLogs() {
        if (!isProviderBound()) {
            return () -> {};
        }
        if (receiver == null) {
            try {
                receiver = new ChildLogReceiver();
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "Cannot open the socket for children's log lines in " + ProcessTempDir.get() + ": "
                                + e.getMessage(),
                        e);
            }
            System.setProperty(
                    InheritedLogging.FORWARD_LOGS_PROPERTY,
                    ChildLogReceiver.rootThreshold().name() + ":" + receiver.socketFile());
        }
        forwardingUsers++;
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                stopForwarding();
            }
        };
    }

    private static synchronized void stopForwarding() {
        if (--forwardingUsers == 0 && receiver != null) {
            System.clearProperty(InheritedLogging.FORWARD_LOGS_PROPERTY);
            receiver.close();
            receiver = null;
        }
    }

    /** Stops what {@link #forwardChildLogs()} started, when closed. */
    @FunctionalInterface
    public interface ChildLogForwarding extends AutoCloseable {

        /** Stops forwarding unless other handles are open; closing twice does nothing more. */
        @Override
        void close();
    }

    /** For tests: back to logging through SLF4J. */
    static void stopLoggingToStderr() {
        stderrLevel = null;
        System.clearProperty(InheritedLogging.STDERR_LEVEL_PROPERTY);
        System.clearProperty(InheritedLogging.LOG_LEVELS_PROPERTY);
    }

    /**
     * Whether an SLF4J back end is on the class path (or chosen with {@code slf4j.provider}): looked up
     * without initialising SLF4J, which would print a warning when there is none.
     */
    static boolean isProviderBound() {
        return InheritedLogging.isProviderBound();
    }

    private static @Nullable Level levelOf(@Nullable String name) {
        try {
            return name == null ? null : Level.valueOf(name);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
