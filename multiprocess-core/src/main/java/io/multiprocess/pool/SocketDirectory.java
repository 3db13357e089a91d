package io.multiprocess.pool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * The private directory (mode 0700) that holds a pool's Unix-domain socket, so that only this user can
 * connect to it; and its removal. Internal.
 *
 * <p>The one place to switch to the library's per-process temporary directory once it exists (issue 10,
 * {@code util.getTempDir()}).
 */
final class SocketDirectory {

    /** Directory names start with this, then this JVM's pid and a dash. */
    static final String PREFIX = "multiprocess-pool-";

    /** Unix-domain socket paths must fit in {@code sun_path} (108 bytes with the terminating NUL). */
    private static final int MAX_SOCKET_PATH = 100;

    private SocketDirectory() {
    }

    /**
     * Creates a fresh private directory for one pool.
     *
     * @return the directory, mode 0700
     * @throws IOException if it cannot be created
     */
    static Path create() throws IOException {
        String prefix = PREFIX + ProcessHandle.current().pid() + "-";
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        if (base.toAbsolutePath().toString().length() + prefix.length() + 32 > MAX_SOCKET_PATH) {
            base = Path.of("/tmp");
        }
        return Files.createTempDirectory(base, prefix,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    /** Deletes the directory and what it holds; quietly, since this runs while pools end. */
    static void delete(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            entries.forEach(entry -> {
                try {
                    Files.deleteIfExists(entry);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
        try {
            Files.deleteIfExists(directory);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
