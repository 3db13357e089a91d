package io.multiprocess.util;

import io.multiprocess.process.Processes;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The loggers of {@link ForwardingServiceProvider}: one connection to the parent per process, opened on
 * the first line; each line is written whole, under a lock, before the call returns, so nothing is lost
 * when the process exits. When the parent cannot be reached, lines go to standard error instead.
 */
final class ForwardingLoggers implements ILoggerFactory {

    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final BasicMDCAdapter mdc;
    private final Level threshold;
    private final String socketPath;
    private @Nullable DataOutputStream out;
    private boolean failed;

    /**
     * @param setting the parent's setting, {@code LEVEL:socket path}
     * @param mdc     this process's MDC, whose entries go with each line
     */
    ForwardingLoggers(String setting, BasicMDCAdapter mdc) {
        this.mdc = mdc;
        int colon = setting.indexOf(':');
        Level level = Level.INFO;
        try {
            level = colon > 0 ? Level.valueOf(setting.substring(0, colon)) : Level.INFO;
        } catch (IllegalArgumentException unknown) {
            // INFO, as SLF4J back ends default to.
        }
        this.threshold = level;
        this.socketPath = colon > 0 ? setting.substring(colon + 1) : "";
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, ForwardingLogger::new);
    }

    private boolean isEnabled(Level level) {
        return level.toInt() >= threshold.toInt();
    }

    private synchronized void send(Level level, String logger, String message, @Nullable Throwable throwable) {
        String text = message;
        if (throwable != null) {
            StringWriter trace = new StringWriter();
            throwable.printStackTrace(new PrintWriter(trace, true));
            text = message + System.lineSeparator() + trace.toString().stripTrailing();
        }
        if (!failed) {
            try {
                DataOutputStream stream = connection();
                stream.writeByte(level.toInt());
                ForwardedLogFormat.writeString(stream, logger);
                ForwardedLogFormat.writeString(stream, Thread.currentThread().getName());
                ForwardedLogFormat.writeString(stream, text);
                Map<String, String> context = mdc.getCopyOfContextMap();
                stream.writeInt(context == null ? 0 : context.size());
                if (context != null) {
                    for (Map.Entry<String, String> entry : context.entrySet()) {
                        ForwardedLogFormat.writeString(stream, entry.getKey());
                        ForwardedLogFormat.writeString(stream, String.valueOf(entry.getValue()));
                    }
                }
                stream.flush();
                return;
            } catch (IOException | RuntimeException e) {
                failed = true;
                System.err.println("multiprocess: cannot send log lines to the parent process (" + e
                        + "); this process writes them to standard error");
            }
        }
        System.err.println("[" + level + "/" + Processes.current().name() + "] " + logger + ": " + text);
    }

    private DataOutputStream connection() throws IOException {
        DataOutputStream stream = out;
        if (stream == null) {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socketPath));
            stream = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel), 8192));
            ForwardedLogFormat.writeString(stream, Processes.current().name());
            stream.writeLong(ProcessHandle.current().pid());
            out = stream;
        }
        return stream;
    }

    /** A logger of the child: formats on the caller's thread and sends. */
    private final class ForwardingLogger extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;

        ForwardingLogger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return isEnabled(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return isEnabled(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return isEnabled(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return isEnabled(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return isEnabled(Level.ERROR);
        }

        @Override
        protected @Nullable String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                Level level,
                @Nullable Marker marker,
                String messagePattern,
                @Nullable Object @Nullable [] arguments,
                @Nullable Throwable throwable) {
            send(level, name, MessageFormatter.basicArrayFormat(messagePattern, arguments), throwable);
        }
    }
}
