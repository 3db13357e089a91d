package io.multiprocess.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.internal.shm.SharedSegment;
import io.multiprocess.process.JavaRuntimes;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import io.multiprocess.testing.OsProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resource tracker with real process trees: a root program that is SIGKILLed, one that exits
 * normally, and a child whose registration goes to its root's tracker.
 */
@ExtendWith(NoLeftoversExtension.class)
class ResourceTrackerIT {

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private record Root(Process process, Map<String, String> names, Path stderr) {}

    private Root startRoot(String mode) throws Exception {
        Path report = dir.resolve("report");
        Path stderr = dir.resolve("stderr");
        Process process = new ProcessBuilder(List.of(
                        JavaRuntimes.parentExecutable().toString(),
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        TrackerRootMain.class.getName(),
                        mode,
                        report.toString()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
        Map<String, String> names = new HashMap<>();
        for (String line : ChildFiles.await(report).split("\n")) {
            String[] pair = line.split("=", 2);
            names.put(pair[0], pair[1]);
        }
        return new Root(process, names, stderr);
    }

    private static boolean exists(String name) {
        return Files.exists(SharedSegment.SHM_DIR.resolve(name));
    }

    @Test
    void whatAKilledRootLeftIsUnlinkedByItsTrackerWhichWarnsAndExits() throws Exception {
        Root root = startRoot("hang");
        long tracker = Long.parseLong(root.names().get("tracker"));
        assertThat(tracker).isPositive();
        for (String key : List.of("lock", "value", "shm")) {
            assertThat(exists(root.names().get(key))).as(key).isTrue();
        }
        root.process().destroyForcibly();
        OsProcesses.awaitExit(tracker, LIMIT);
        for (String key : List.of("lock", "value", "shm")) {
            assertThat(exists(root.names().get(key))).as(key).isFalse();
        }
        String warnings = Files.readString(root.stderr());
        assertThat(warnings)
                .contains("unlinked leaked shared_memory '" + root.names().get("shm") + "'")
                .contains("unlinked leaked lock '" + root.names().get("lock") + "'")
                .contains("unlinked leaked value '" + root.names().get("value") + "'")
                .contains("created by pid " + root.process().pid());
    }

    @Test
    void aRootThatExitsUnlinksItsPrimitivesQuietlyAndOnlyALeakedBlockIsWarnedAbout() throws Exception {
        Root root = startRoot("exit");
        long tracker = Long.parseLong(root.names().get("tracker"));
        assertThat(root.process().waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        OsProcesses.awaitExit(tracker, LIMIT);
        for (String key : List.of("lock", "value", "shm")) {
            assertThat(exists(root.names().get(key))).as(key).isFalse();
        }
        String warnings = Files.readString(root.stderr());
        assertThat(warnings)
                .contains("unlinked leaked shared_memory '" + root.names().get("shm") + "'")
                .doesNotContain(root.names().get("lock"))
                .doesNotContain(root.names().get("value"));
    }

    @Test
    void aChildRegistersWithItsRootsTrackerSoItsBlockOutlivesItUntilTheTreeDies() throws Exception {
        Root root = startRoot("child");
        Map<String, String> names = root.names();
        assertThat(names.get("childExit")).isEqualTo("0");
        assertThat(names.get("childTracker")).isEqualTo(names.get("tracker"));
        String childBlock = names.get("childShm");
        assertThat(exists(childBlock)).isTrue();
        root.process().destroyForcibly();
        OsProcesses.awaitExit(Long.parseLong(names.get("tracker")), LIMIT);
        Awaitility.await().atMost(LIMIT).until(() -> !exists(childBlock));
        assertThat(Files.readString(root.stderr())).contains("unlinked leaked shared_memory '" + childBlock + "'");
    }

    @Test
    void aFailedCreationUnderAnExistingNameLeavesThatBlockTrackedSoAKilledTreeStillUnlinksIt() throws Exception {
        Root root = startRoot("duplicate");
        Map<String, String> names = root.names();
        assertThat(names.get("duplicate")).isEqualTo("MultiprocessException");
        String block = names.get("shm");
        assertThat(exists(block)).isTrue();
        root.process().destroyForcibly();
        OsProcesses.awaitExit(Long.parseLong(names.get("tracker")), LIMIT);
        assertThat(exists(block))
                .as("the existing block, after the tree was SIGKILLed")
                .isFalse();
        assertThat(Files.readString(root.stderr())).contains("unlinked leaked shared_memory '" + block + "'");
    }
}
