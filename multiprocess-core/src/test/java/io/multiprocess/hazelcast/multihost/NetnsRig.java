package io.multiprocess.hazelcast.multihost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The test side of {@code src/test/netns/rig.sh}: three hosts, each a network namespace with its own
 * address, joined by a bridge; this JVM is on the bridge too, at the driver address. The script runs
 * a command in each host and takes links down and up, kills and restarts hosts' commands when told;
 * {@link #close()} (or this JVM's death, which closes the script's input) makes it tear everything down.
 */
final class NetnsRig implements AutoCloseable {

    static final Path SCRIPT = Path.of("src/test/netns/rig.sh");
    private static final Duration ANSWER = Duration.ofSeconds(60);

    private final Process script;
    private final Writer commands;
    private final BlockingQueue<String> answers;
    private final String subnet;
    private final String driverAddress;

    private NetnsRig(Process script, String subnet, String driverAddress, BlockingQueue<String> answers) {
        this.script = script;
        this.commands = new OutputStreamWriter(script.getOutputStream(), StandardCharsets.UTF_8);
        this.subnet = subnet;
        this.driverAddress = driverAddress;
        this.answers = answers;
    }

    /** Empty if the rig can run here; else why not (not root, no iproute2, no namespaces). */
    static Optional<String> unavailableBecause() {
        if (!Files.isExecutable(SCRIPT)) {
            return Optional.of(SCRIPT.toAbsolutePath() + " is missing or not executable");
        }
        try {
            Process check = new ProcessBuilder(SCRIPT.toString(), "check")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!check.waitFor(30, TimeUnit.SECONDS)) {
                check.destroyForcibly().waitFor();
                return Optional.of("rig.sh check did not finish within 30 s");
            }
            return check.exitValue() == 0 ? Optional.empty() : Optional.of(out);
        } catch (IOException e) {
            return Optional.of("rig.sh check could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /**
     * Builds the rig and starts {@code command} (followed by the host's index and address) in each host;
     * the hosts' output goes to {@code dir}.
     */
    static NetnsRig start(Path dir, List<String> command) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> argv = new ArrayList<>(List.of(SCRIPT.toString(), "run", dir.toString(), "--"));
        argv.addAll(command);
        Process script = new ProcessBuilder(argv)
                .redirectError(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("rig-stderr.log").toFile()))
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                            new InputStreamReader(script.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            lines.add(line);
                        }
                    } catch (IOException ignored) {
                        // The script ended.
                    }
                    lines.add("eof");
                },
                "netns-rig-reader");
        reader.setDaemon(true);
        reader.start();
        String ready = lines.poll(ANSWER.toSeconds(), TimeUnit.SECONDS);
        if (ready == null || !ready.startsWith("ready ")) {
            script.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException("rig.sh did not come up (" + ready + "); see " + dir);
        }
        String[] parts = ready.split(" ");
        return new NetnsRig(script, parts[1], parts[2], lines);
    }

    /** The address of host {@code index} (1 to 3). */
    String address(int index) {
        return subnet + "." + index;
    }

    /** The address of this JVM on the rig's bridge. */
    String driverAddress() {
        return driverAddress;
    }

    /** Takes host {@code index}'s only link down: it is cut off from the others and from this JVM. */
    void down(int index) {
        command("down " + index);
    }

    /** Brings host {@code index}'s link back up. */
    void up(int index) {
        command("up " + index);
    }

    /** Kills host {@code index}'s command with SIGKILL and reaps it. */
    void kill(int index) {
        command("kill " + index);
    }

    /** The pid of host {@code index}'s command (the same pid space as this JVM's). */
    long pid(int index) {
        return Long.parseLong(command("pid " + index).substring(3));
    }

    private synchronized String command(String line) {
        try {
            commands.write(line + "\n");
            commands.flush();
            String answer = answers.poll(ANSWER.toSeconds(), TimeUnit.SECONDS);
            if (answer == null || !answer.startsWith("ok")) {
                throw new IllegalStateException("rig.sh answered '" + answer + "' to '" + line + "'");
            }
            return answer;
        } catch (IOException e) {
            throw new IllegalStateException("rig.sh is gone", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Ends the script's input: it kills the hosts' commands and removes the namespaces; waits for that. */
    @Override
    public void close() throws InterruptedException {
        try {
            commands.close();
        } catch (IOException ignored) {
            // Already gone.
        }
        if (!script.waitFor(60, TimeUnit.SECONDS)) {
            script.destroy();
            if (!script.waitFor(30, TimeUnit.SECONDS)) {
                script.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
