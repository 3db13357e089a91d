package io.multiprocess.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ProcessTempDir} in one JVM; {@code UtilIT} checks its removal at exit in child JVMs. */
class ProcessTempDirTests {

    /** A pid no process has (above Linux's largest pid_max). */
    private static final long DEAD_PID = 2_147_483_646L;

    @TempDir
    Path base;

    @Test
    void theDirectoryExistsIsPrivateAndNamedAfterThisProcess() throws IOException {
        Path dir = ProcessTempDir.get();
        assertThat(dir).isDirectory().isAbsolute();
        assertThat(ProcessTempDir.get()).isSameAs(dir);
        assertThat(io.multiprocess.Multiprocess.getTempDir())
                .as("the facade, util.get_temp_dir()")
                .isSameAs(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        assertThat(dir.getFileName().toString())
                .matches("mpj-" + ProcessHandle.current().pid() + "-[a-z0-9]{8}");
        assertThat(dir.getParent())
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        assertThat(dir.toString().length())
                .as("room left for socket file names")
                .isLessThan(60);
    }

    @Test
    void leftoversOfDeadProcessesAreRemovedAndLiveOrLockedOnesKept() throws IOException {
        Path own = Files.createDirectory(
                base.resolve("mpj-" + ProcessHandle.current().pid() + "-ownownow"));
        Path dead = leftover("mpj-" + DEAD_PID + "-deadbeef", true);
        Files.writeString(dead.resolve("socket-file"), "x");
        Path alive = leftover("mpj-" + ProcessHandle.current().pid() + "-aliveone", true);
        Path deadWithoutLockRecent = leftover("mpj-" + DEAD_PID + "-inmaking", false);
        Path deadWithoutLockOld = leftover("mpj-" + DEAD_PID + "-oldnolck", false);
        Files.setLastModifiedTime(
                deadWithoutLockOld, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path notOurs = Files.createDirectory(base.resolve("mpj-unrelated"));
        Path locked = leftover("mpj-" + DEAD_PID + "-lockedxx", true);

        try (FileChannel channel =
                        FileChannel.open(locked.resolve(ProcessTempDir.LOCK_FILE), StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            ProcessTempDir.removeLeftovers(base, own);
        }

        assertThat(dead).doesNotExist();
        assertThat(deadWithoutLockOld).doesNotExist();
        assertThat(own).exists();
        assertThat(alive).exists();
        assertThat(deadWithoutLockRecent).exists();
        assertThat(notOurs).exists();
        assertThat(locked)
                .as("a lock held by a live process (in another pid namespace, say)")
                .exists();
    }

    private Path leftover(String name, boolean withLockFile) throws IOException {
        Path dir = Files.createDirectory(base.resolve(name));
        if (withLockFile) {
            Files.createFile(dir.resolve(ProcessTempDir.LOCK_FILE));
        }
        return dir;
    }
}
