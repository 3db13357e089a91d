package io.multiprocess.util;

import io.multiprocess.process.InheritedLogging;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;

/**
 * The parent's end of log forwarding: a Unix-domain socket in this process's private temporary directory
 * that children connect to; each connection is read by a daemon thread that logs the child's lines through
 * this process's SLF4J back end, under the child's logger names, with the child's MDC plus
 * {@value InheritedLogging#PROCESS_NAME_KEY}, {@value InheritedLogging#PID_KEY} and {@value #THREAD_KEY}
 * (the child's thread), and the message prefixed {@code Process-1[12345]: } as the library's loggers do.
 */
final class ChildLogReceiver implements AutoCloseable {

    /** The MDC key of the child's thread that wrote a forwarded line. */
    static final String THREAD_KEY = "processThread";

    private final Path socketFile;
    private final ServerSocketChannel server;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();

    ChildLogReceiver() throws IOException {
        this.socketFile = ProcessTempDir.get().resolve("child-logs.sock");
        Files.deleteIfExists(socketFile);
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketFile));
        Thread acceptor = new Thread(this::accept, "multiprocess-child-logs");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    Path socketFile() {
        return socketFile;
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException closed) {
                return;
            }
            connections.add(channel);
            Thread reader = new Thread(() -> read(channel), "multiprocess-child-logs-reader");
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void read(SocketChannel channel) {
        try (channel;
                DataInputStream in =
                        new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel), 8192))) {
            String processName = ForwardedLogFormat.readString(in);
            long pid = in.readLong();
            String prefix = processName + "[" + pid + "]: ";
            while (true) {
                int level;
                try {
                    level = in.readByte();
                } catch (EOFException childEnded) {
                    return;
                }
                String loggerName = ForwardedLogFormat.readString(in);
                String thread = ForwardedLogFormat.readString(in);
                String message = ForwardedLogFormat.readString(in);
                int entries = in.readInt();
                if (entries < 0 || entries > 10_000) {
                    throw new IOException("Corrupt forwarded log line: " + entries + " MDC entries");
                }
                Map<String, String> context = new HashMap<>();
                for (int i = 0; i < entries; i++) {
                    context.put(ForwardedLogFormat.readString(in), ForwardedLogFormat.readString(in));
                }
                context.put(InheritedLogging.PROCESS_NAME_KEY, processName);
                context.put(InheritedLogging.PID_KEY, Long.toString(pid));
                context.put(THREAD_KEY, thread);
                log(levelOf(level), loggerName, message.startsWith(prefix) ? message : prefix + message, context);
            }
        } catch (IOException | RuntimeException e) {
            if (server.isOpen()) {
                ProcessLogging.getLogger().warn("Stopped reading a child's log lines: {}", e.toString());
            }
        } finally {
            connections.remove(channel);
        }
    }

    private static void log(Level level, String loggerName, String message, Map<String, String> context) {
        Logger logger = LoggerFactory.getLogger(loggerName);
        if (!logger.isEnabledForLevel(level)) {
            return;
        }
        Map<String, String> before = MDC.getCopyOfContextMap();
        MDC.setContextMap(context);
        try {
            logger.atLevel(level).log(message);
        } finally {
            if (before == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(before);
            }
        }
    }

    private static Level levelOf(int value) {
        for (Level level : Level.values()) {
            if (level.toInt() == value) {
                return level;
            }
        }
        return Level.INFO;
    }

    /** Stops accepting, drops the connections and removes the socket file. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        for (SocketChannel channel : connections) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
        try {
            Files.deleteIfExists(socketFile);
        } catch (IOException ignored) {
            // The private directory goes at exit.
        }
    }

    /** The level from which children send: the lowest one this process's root logger writes. */
    static Level rootThreshold() {
        Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        for (Level level : new Level[] {Level.TRACE, Level.DEBUG, Level.INFO, Level.WARN}) {
            if (root.isEnabledForLevel(level)) {
                return level;
            }
        }
        return Level.ERROR;
    }
}
