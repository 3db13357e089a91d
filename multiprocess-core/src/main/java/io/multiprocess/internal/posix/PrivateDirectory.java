package io.multiprocess.internal.posix;

import io.multiprocess.MultiprocessException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This process's private directory for socket files: {@code <java.io.tmpdir>/mp-<pid>-<random>},
 * permissions 0700, created on first use and removed with its contents when the JVM exits normally.
 * Directories left by processes that were killed are removed by the next process that creates its own
 * (their names carry the pid, checked for liveness).
 *
 * <p>A stand-in for the library-wide private temporary directory of {@code io.multiprocess.util},
 * kept small so that it can be replaced by it.
 *
 * <p>Internal API.
 */
public final class PrivateDirectory {

    /** The prefix of every such directory's name. */
    public static final String PREFIX = "mp-";

    private static volatile Path directory;

    private PrivateDirectory() {
    }

    /**
     * The directory, created on first call.
     *
     * @return its path, short enough for socket addresses
     * @throws MultiprocessException if it cannot be created
     */
    public static Path get() {
        Path dir = directory;
        if (dir != null) {
            return dir;
        }
        synchronized (PrivateDirectory.class) {
            if (directory == null) {
                directory = create();
            }
            return directory;
        }
    }

    /**
     * The directory if this process created one.
     *
     * @return the path, or null
     */
    public static Path existing() {
        return directory;
    }

    private static Path create() {
        Path base = Path.of(System.getProperty("java.io.tmpdir", "/tmp"));
        if (base.toString().length() > 60) {
            base = Path.of("/tmp");
        }
        removeLeftovers(base);
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        Path dir = base.resolve(PREFIX + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random));
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new MultiprocessException("Cannot create the private socket directory " + dir + ": " + e, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "multiprocess-private-dir-cleanup"));
        return dir;
    }

    private static void removeLeftovers(Path base) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path entry : entries) {
                String[] parts = entry.getFileName().toString().split("-");
                if (parts.length != 3 || !Files.isDirectory(entry)) {
                    continue;
                }
                try {
                    int pid = Integer.parseInt(parts[1]);
                    if (!io.multiprocess.internal.shm.ProcessLiveness.isAlive(pid)) {
                        deleteTree(entry);
                    }
                } catch (NumberFormatException notOurs) {
                    // Not one of ours.
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // Best effort.
        }
    }

    private static void deleteTree(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // Best effort at exit.
        }
    }
}
