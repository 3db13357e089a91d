package io.multiprocess.process;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Where the library keeps what it builds once and reuses across runs: class-data-sharing archives of
 * child JVMs and the extracted class path of single-jar applications.
 *
 * <p>The directory is, in this order: the system property {@value #PROPERTY};
 * {@code $XDG_CACHE_HOME/multiprocess-java}; {@code ~/.cache/multiprocess-java}. It is created with
 * permissions 0700 and used only when it belongs to the current user and nobody else can write to it:
 * what lies there is loaded into child JVMs, so another user must not be able to plant it. When no
 * usable directory exists, children simply start without these speed-ups.
 *
 * <p>Internal API.
 */
final class CacheDirectory {

    /** The system property that chooses the cache directory. */
    public static final String PROPERTY = "multiprocess.cache.dir";

    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

    private CacheDirectory() {}

    /**
     * The private sub-directory {@code name} of the cache, created if needed.
     *
     * @param name a directory name, e.g. {@code "cds"}
     * @return the directory, or empty when no safe cache directory is available
     */
    public static Optional<Path> subdirectory(String name) {
        Optional<Path> root = root();
        if (root.isEmpty()) {
            return Optional.empty();
        }
        Path dir = root.get().resolve(name);
        return ensurePrivate(dir) ? Optional.of(dir) : Optional.empty();
    }

    /**
     * A short name for what a cached file is made from: the first 12 bytes of its SHA-256, in hex.
     *
     * @param bytes what the file depends on
     * @return 24 hex digits
     */
    static String shortHash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static Optional<Path> root() {
        String configured = System.getProperty(PROPERTY);
        Path root;
        if (configured != null && !configured.isBlank()) {
            root = Path.of(configured).toAbsolutePath();
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path base =
                    xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            root = base.resolve("multiprocess-java").toAbsolutePath();
        }
        return ensurePrivate(root) ? Optional.of(root) : Optional.empty();
    }

    /** Creates the directory 0700 if missing; true when it exists, is ours and nobody else may write to it. */
    private static boolean ensurePrivate(Path dir) {
        try {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
                } catch (FileAlreadyExistsException raced) {
                    // Another process created it; checked below.
                }
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            return owner.equals(System.getProperty("user.name"))
                    && !permissions.contains(PosixFilePermission.GROUP_WRITE)
                    && !permissions.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }
}
