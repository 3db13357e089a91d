package io.multiprocess.process.launch;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.ProcessStartException;
import io.multiprocess.context.ProcessContext;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The "spawn" start method: a fresh JVM per process.
 *
 * <p>Every child is created from one long-lived thread, the spawner: Linux delivers the parent-death
 * signal when the <em>thread</em> that created a child exits, so creating children from short-lived
 * user threads would kill them early.
 *
 * <p>Internal SPI.
 */
public final class SpawnLauncher implements Launcher {

    /** The launcher; stateless apart from the shared spawner thread. */
    public static final SpawnLauncher INSTANCE = new SpawnLauncher();

    private static final ExecutorService SPAWNER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "multiprocess-spawner");
        thread.setDaemon(true);
        return thread;
    });

    private SpawnLauncher() {
    }

    @Override
    public LaunchedChild launch(ProcessContext context, BootstrapFrame frame, String processName) {
        List<String> command = ChildJvmCommand.build(context, ChildJvmCommand.CHILD_MAIN);
        ProcessBuilder builder = new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .redirectOutput(context.output())
            .redirectError(context.error());
        Process process = startOnSpawner(builder, processName, command);
        try (OutputStream stdin = process.getOutputStream()) {
            frame.writeTo(stdin);
        } catch (IOException childAlreadyGone) {
            // The JVM exited before it read its frame (an unknown JVM option, say). Like a child that fails
            // while booting, it is reported through its exit code, and its standard error says why.
        }
        return new SpawnedChild(process);
    }

    private static Process startOnSpawner(ProcessBuilder builder, String processName, List<String> command) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return builder.start();
                } catch (IOException e) {
                    throw new ProcessStartException("Cannot start the JVM of process " + processName + ": " + e.getMessage()
                        + ". Check the Java executable (Multiprocess.setExecutable / context.withExecutable). Command: "
                        + command, e);
                }
            }, SPAWNER).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProcessStartException start) {
                throw start;
            }
            throw new ProcessStartException("Cannot start the JVM of process " + processName + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("the start of process " + processName, e);
        }
    }

    /** A child JVM started by this launcher. */
    private static final class SpawnedChild implements LaunchedChild {

        private final Process process;
        private final CompletableFuture<Integer> exit;

        SpawnedChild(Process process) {
            this.process = process;
            this.exit = process.onExit().thenApply(p -> ExitCodes.fromStatus(p.exitValue()));
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public CompletableFuture<Integer> onExit() {
            return exit;
        }

        @Override
        public void terminate() {
            if (process.isAlive()) {
                process.destroy();
            }
        }

        @Override
        public void kill() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }

        @Override
        public void release() {
            // The pipe to the child was closed after the frame; the JDK frees the rest when it reaps the child.
        }
    }
}
