package io.multiprocess.managers;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.context.ProcessContext;
import io.multiprocess.internal.shm.SharedSegment;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.process.JavaRuntimes;
import io.multiprocess.sharedmemory.ShareableList;
import io.multiprocess.sharedmemory.SharedMemory;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import io.multiprocess.testing.OsProcesses;
import io.multiprocess.tracker.ResourceTracker;
import io.multiprocess.tracker.TrackedResource;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * SharedMemoryManager: its blocks go when it shuts down, and when its process tree is killed. The
 * contract every start method that starts processes keeps, run once per method by a subclass.
 */
@Timeout(300)
@ExtendWith(NoLeftoversExtension.class)
abstract class SharedMemoryManagerContract {

    private static final Duration LIMIT = ChildFiles.TIMEOUT;

    @TempDir
    Path dir;

    private final ProcessContext ctx = context();

    /**
     * The context under test.
     *
     * @return a context of the start method under test
     */
    abstract ProcessContext context();

    private static boolean exists(String name) {
        return Files.exists(SharedSegment.SHM_DIR.resolve(name));
    }

    @Test
    void childrenUseTheBlocksAndShutdownUnlinksThemAll() {
        SharedMemory block;
        ShareableList list;
        try (SharedMemoryManager smm = ctx.sharedMemoryManager()) {
            block = smm.sharedMemory(1024);
            list = smm.shareableList(List.of(1, "two", 3.0));
            assertThat(smm.segments()).containsExactly(block.name(), list.shm().name());
            ChildProcess child = ctx.process(() -> {
                block.buf().put(0, (byte) 42);
                list.set(1, "TWO");
            });
            child.start();
            assertThat(child.join(LIMIT)).isTrue();
            assertThat(child.exitCode()).hasValue(0);
            assertThat(block.buf().get(0)).isEqualTo((byte) 42);
            assertThat(list.get(1)).isEqualTo("TWO");
            assertThat(exists(block.name())).isTrue();
        }
        assertThat(exists(block.name())).isFalse();
        assertThat(exists(list.shm().name())).isFalse();
        assertThat(ResourceTracker.resources())
                .extracting(TrackedResource::name)
                .doesNotContain(block.name(), list.shm().name());
        block.close();
        list.close();
    }

    @Test
    void theBlocksOfAKilledTreeAreUnlinkedByItsTracker() throws Exception {
        Path names = dir.resolve("names");
        Process root = new ProcessBuilder(List.of(
                        JavaRuntimes.parentExecutable().toString(),
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        RemoteManagerMain.class.getName(),
                        "smm",
                        "0",
                        "-",
                        names.toString()))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String[] lines = ChildFiles.await(names).split("\n");
        assertThat(exists(lines[0])).isTrue();
        assertThat(exists(lines[1])).isTrue();
        root.destroyForcibly();
        OsProcesses.awaitExit(Long.parseLong(lines[2]), LIMIT);
        Awaitility.await().atMost(LIMIT).until(() -> !exists(lines[0]) && !exists(lines[1]));
        OsProcesses.awaitExit(root.pid(), LIMIT);
        removeTempDirOf(root.pid());
    }

    /**
     * A process killed by SIGKILL cannot remove its private temporary directory; the library removes
     * such leftovers when the next process creates its own (see {@code ProcessTempDir}). The test does
     * it at once, so that the check for leftovers sees only what the test is about.
     */
    static void removeTempDirOf(long pid) throws IOException {
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, "mpj-" + pid + "-*")) {
            for (Path leftover : dirs) {
                try (Stream<Path> tree = Files.walk(leftover)) {
                    for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
            }
        }
    }
}
