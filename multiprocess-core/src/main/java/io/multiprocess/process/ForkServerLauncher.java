package io.multiprocess.process;

import io.multiprocess.ProcessStartException;
import io.multiprocess.internal.posix.StandardStreamRedirection;
import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The "forkserver" start method: the process goes to a spare JVM of this JVM's
 * {@linkplain ForkServerClient forkserver}, which started and warmed it up in advance, or to a JVM the
 * server starts for it when no spare of its configuration is ready.
 *
 * <p>Internal SPI.
 */
final class ForkServerLauncher implements Launcher {

    /** The launcher; its state is the JVM's forkserver. */
    public static final ForkServerLauncher INSTANCE = new ForkServerLauncher();

    private ForkServerLauncher() {}

    @Override
    public LaunchedChild launch(ProcessSettings context, BootstrapFrame frame, String processName) {
        String output = StandardStreams.of(context.output());
        String error = StandardStreams.of(context.error());
        checkWritable(context.output(), processName);
        checkWritable(context.error(), processName);
        ForkServerProtocol.Configuration configuration = configuration(context);
        byte[] bytes = bytes(frame.withStreams(output, error));
        ForkServerConnection connection = ForkServerClient.connection();
        ForkServerConnection.Started started;
        try {
            started = connection.start(configuration, output, error, bytes);
        } catch (ProcessStartException e) {
            if (!connection.isClosed()) {
                throw e;
            }
            // The server died since the last start: one more try with a new one.
            connection = ForkServerClient.connection();
            started = connection.start(configuration, output, error, bytes);
        }
        return new ServedChild(connection, started.pid(), started.exit());
    }

    /**
     * The spare configuration of a context's children.
     *
     * @param context the context
     * @return the configuration
     */
    static ForkServerProtocol.Configuration configuration(ProcessSettings context) {
        ChildJvmCommand.Served command = ChildJvmCommand.buildServed(context);
        List<String> preload = new ArrayList<>(
                context.forkserverPreload().isEmpty()
                        ? ForkServerClient.defaultPreload()
                        : context.forkserverPreload());
        if (context.output().type() != Redirect.Type.INHERIT || context.error().type() != Redirect.Type.INHERIT) {
            // Spares of a context that writes to files open them with dup2(): load that binding in advance.
            preload.add(StandardStreamRedirection.class.getName());
        }
        return new ForkServerProtocol.Configuration(
                command.key() + "\u0000" + String.join(",", preload),
                command.command(),
                preload,
                context.forkserverSpares());
    }

    /** A spare opens its output files itself, after start() returned: fail here, as spawn would, if it cannot. */
    private static void checkWritable(Redirect redirect, String processName) {
        if (redirect.type() == Redirect.Type.WRITE || redirect.type() == Redirect.Type.APPEND) {
            try {
                new FileOutputStream(redirect.file(), true).close();
            } catch (IOException e) {
                throw new ProcessStartException(
                        "Cannot start process " + processName + ": cannot write its output to " + redirect.file() + " ("
                                + e.getMessage() + ")",
                        e);
            }
        }
    }

    private static byte[] bytes(BootstrapFrame frame) {
        try {
            ByteArrayOutputStream bytes =
                    new ByteArrayOutputStream(256 + frame.process().length + frame.context().length);
            frame.writeTo(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A child of the forkserver: not a child of this JVM, so its exit and signals go through the server. */
    private static final class ServedChild implements LaunchedChild {

        private final ForkServerConnection connection;
        private final long pid;
        private final CompletableFuture<Integer> exit;

        ServedChild(ForkServerConnection connection, long pid, CompletableFuture<Integer> exit) {
            this.connection = connection;
            this.pid = pid;
            this.exit = exit;
        }

        @Override
        public long pid() {
            return pid;
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return exit;
        }

        @Override
        public void terminate() {
            if (!exit.isDone()) {
                connection.signal(pid, 15);
            }
        }

        @Override
        public void kill() {
            if (!exit.isDone()) {
                connection.signal(pid, 9);
            }
        }

        @Override
        public void release() {
            // The server holds the child's pipe and reaps it.
        }
    }
}
