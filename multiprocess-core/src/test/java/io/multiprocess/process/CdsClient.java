package io.multiprocess.process;

import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program for {@link ClassDataSharingIT}, run in a JVM whose class path holds only jars: starts a child
 * (which starts the archive's training), waits for the archive, and starts a child that logs where its
 * classes came from.
 */
public final class CdsClient {

    private CdsClient() {}

    /**
     * Runs the scenario.
     *
     * @param args the output directory; optionally a Java executable for the children
     * @throws Exception if something fails (the test reads the exit status)
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        ProcessContext ctx = Multiprocess.getContext("spawn");
        if (args.length > 1) {
            ctx = ctx.withExecutable(Path.of(args[1]));
        }
        Files.writeString(out.resolve("before.txt"), String.join(" ", ctx.commandLine()));
        ChildProcess first = ctx.process(() -> {});
        first.start();
        first.join();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!usesArchive(ctx) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Files.writeString(out.resolve("after.txt"), String.join(" ", ctx.commandLine()));
        ChildProcess second = ctx.withJvmOptions("-Xlog:class+load:file=" + out.resolve("classes.txt"))
                .process(() -> {});
        second.start();
        second.join();
        Files.writeString(
                out.resolve("exit.txt"),
                first.exitCode().getAsInt() + "," + second.exitCode().getAsInt());
    }

    private static boolean usesArchive(ProcessContext ctx) {
        return ctx.commandLine().stream()
                .anyMatch(o -> o.startsWith("-XX:SharedArchiveFile") || o.startsWith("-XX:AOTCache"));
    }
}
