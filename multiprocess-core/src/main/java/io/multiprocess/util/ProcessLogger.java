package io.multiprocess.util;

import io.multiprocess.process.Processes;
import java.io.PrintWriter;
import java.io.Serial;
import java.io.Serializable;
import java.io.StringWriter;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPLogger;
import org.slf4j.spi.LocationAwareLogger;

/**
 * The loggers of {@link ProcessLogging}: each line gets the process name and pid, and goes either to
 * the SLF4J logger of the same name or, for the library's loggers after {@code logToStderr}, to
 * standard error.
 */
final class ProcessLogger extends AbstractLogger implements MultiprocessLogger {

    @Serial
    private static final long serialVersionUID = 1L;

    private transient volatile @Nullable Logger delegate;

    ProcessLogger(String name) {
        this.name = name;
    }

    private Logger delegate() {
        Logger current = delegate;
        if (current == null) {
            current = ProcessLogging.isProviderBound() ? LoggerFactory.getLogger(name) : NOPLogger.NOP_LOGGER;
            delegate = current;
        }
        return current;
    }

    @Override
    public void setLevel(@Nullable Level level) {
        ProcessLogging.setLevel(name, level);
    }

    @Override
    public Optional<Level> getLevel() {
        return Optional.ofNullable(ProcessLogging.ownLevel(name));
    }

    @Override
    public Optional<Level> getEffectiveLevel() {
        return Optional.ofNullable(ProcessLogging.levelFor(name));
    }

    private boolean isEnabled(Level level) {
        Level own = ProcessLogging.levelFor(name);
        Level threshold = ProcessLogging.stderrLevelFor(name);
        if (threshold != null) {
            return level.toInt() >= (own != null ? own : threshold).toInt();
        }
        if (own != null && level.toInt() < own.toInt()) {
            return false;
        }
        Logger target = delegate();
        return switch (level) {
            case TRACE -> target.isTraceEnabled();
            case DEBUG -> target.isDebugEnabled();
            case INFO -> target.isInfoEnabled();
            case WARN -> target.isWarnEnabled();
            case ERROR -> target.isErrorEnabled();
        };
    }

    @Override
    public boolean isTraceEnabled() {
        return isEnabled(Level.TRACE);
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return isEnabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return isEnabled(Level.DEBUG);
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return isEnabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return isEnabled(Level.INFO);
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return isEnabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return isEnabled(Level.WARN);
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return isEnabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return isEnabled(Level.ERROR);
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return isEnabled(Level.ERROR);
    }

    /** The back end skips frames up to the last one of this class to find the caller's location. */
    @Override
    protected String getFullyQualifiedCallerName() {
        return AbstractLogger.class.getName();
    }

    @Override
    protected void handleNormalizedLoggingCall(
            Level level,
            @Nullable Marker marker,
            String messagePattern,
            @Nullable Object @Nullable [] arguments,
            @Nullable Throwable throwable) {
        String processName = Processes.current().name();
        String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
        Level threshold = ProcessLogging.stderrLevelFor(name);
        if (threshold != null) {
            writeToStderr(level, processName, message, throwable);
            return;
        }
        ProcessLogging.refreshMdc(processName);
        String line = processName + "[" + ProcessHandle.current().pid() + "]: " + message;
        Logger target = delegate();
        if (target instanceof LocationAwareLogger located) {
            located.log(marker, getFullyQualifiedCallerName(), level.toInt(), line, null, throwable);
            return;
        }
        switch (level) {
            case TRACE -> target.trace(marker, line, throwable);
            case DEBUG -> target.debug(marker, line, throwable);
            case INFO -> target.info(marker, line, throwable);
            case WARN -> target.warn(marker, line, throwable);
            case ERROR -> target.error(marker, line, throwable);
        }
    }

    /** Python's format, {@code [INFO/Process-1] message}, as one write so that lines do not interleave. */
    private static void writeToStderr(Level level, String processName, String message, @Nullable Throwable throwable) {
        StringWriter text = new StringWriter();
        text.append('[')
                .append(level.name())
                .append('/')
                .append(processName)
                .append("] ")
                .append(message)
                .append(System.lineSeparator());
        if (throwable != null) {
            throwable.printStackTrace(new PrintWriter(text, true));
        }
        System.err.print(text);
        System.err.flush();
    }

    @Serial
    private Object writeReplace() {
        return new SerializedLogger(name);
    }

    @Override
    @Serial
    protected Object readResolve() {
        return ProcessLogging.getLogger(name);
    }

    /**
     * What a logger travels as: its name. It arrives as the logger of that name in the receiving process.
     *
     * @param name the logger's name
     */
    private record SerializedLogger(String name) implements Serializable {

        @Serial
        private Object readResolve() {
            return ProcessLogging.getLogger(name);
        }
    }
}
