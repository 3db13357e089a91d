package io.multiprocess.process;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The "spawn" start method: a fresh JVM per process, created from the {@link Spawner} thread.
 *
 * <p>Internal SPI.
 */
final class SpawnLauncher implements Launcher {

    /** The launcher; stateless. */
    public static final SpawnLauncher INSTANCE = new SpawnLauncher();

    private SpawnLauncher() {}

    @Override
    public LaunchedChild launch(ProcessSettings context, BootstrapFrame frame, String processName) {
        List<String> command = ChildJvmCommand.build(context, ChildJvmCommand.CHILD_MAIN);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(context.output())
                .redirectError(context.error());
        Process process = Spawner.start(builder, "the JVM of process " + processName);
        try (OutputStream stdin = process.getOutputStream()) {
            frame.writeTo(stdin);
        } catch (IOException childAlreadyGone) {
            // The JVM exited before it read its frame (an unknown JVM option, say). Like a child that fails
            // while booting, it is reported through its exit code, and its standard error says why.
        }
        return new SpawnedChild(process);
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
