package io.multiprocess.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the machine's CPython ({@code python3}) for interoperability tests: scripts that attach to what Java
 * created, and the other way round. Tests call {@link #assumeAvailable(String)} first, so that they are
 * skipped, with the reason, where python3 is missing.
 */
public final class CPython {

    /**
     * Helpers every script gets: {@code attach(name)} maps a block without letting CPython 3.11's resource
     * tracker unlink it when the script ends (it registers even blocks it only attaches, gh-82300), and
     * {@code attach_list(name)} does the same for a {@code ShareableList}.
     */
    public static final String PRELUDE = String.join(
            "\n",
            "import sys, json",
            "from multiprocessing import shared_memory, resource_tracker",
            "def attach(name):",
            "    shm = shared_memory.SharedMemory(name)",
            "    resource_tracker.unregister(shm._name, 'shared_memory')",
            "    return shm",
            "def attach_list(name):",
            "    sl = shared_memory.ShareableList(name=name)",
            "    resource_tracker.unregister(sl.shm._name, 'shared_memory')",
            "    return sl",
            "");

    private CPython() {}

    /**
     * Skips the calling test unless python3 runs and imports the module.
     *
     * @param module a module the test needs, e.g. {@code multiprocessing.shared_memory}
     */
    public static void assumeAvailable(String module) {
        boolean available;
        try {
            Process probe = new ProcessBuilder("python3", "-c", "import " + module).start();
            available = probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
            probe.destroyForcibly();
        } catch (IOException e) {
            available = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            available = false;
        }
        assumeThat(available).as("python3 with " + module).isTrue();
    }

    /**
     * Runs {@link #PRELUDE} and a script, feeds it lines on stdin, and asserts that it exits with status 0.
     *
     * @param script the script's code
     * @param input  lines for its stdin
     * @param args   its {@code sys.argv[1:]}
     * @return the lines it printed
     * @throws Exception if it cannot be run
     */
    public static List<String> run(String script, List<String> input, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", "-c", PRELUDE + script));
        command.addAll(Arrays.asList(args));
        Process python = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            try (OutputStream in = python.getOutputStream()) {
                for (String line : input) {
                    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            List<String> lines = new ArrayList<>();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            }
            assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(python.exitValue())
                    .as("python3 exit status, output " + lines)
                    .isZero();
            return lines;
        } finally {
            python.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
