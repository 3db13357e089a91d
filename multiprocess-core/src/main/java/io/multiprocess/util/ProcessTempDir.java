package io.multiprocess.util;

import io.multiprocess.MultiprocessException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * This process's private temporary directory, where the library keeps files that must not outlive the
 * process (socket files of listeners and connections, for one). Python's
 * {@code multiprocessing.util.get_temp_dir()}.
 *
 * <ul>
 *   <li>Created on first use, atomically, in {@code java.io.tmpdir}, named
 *       {@code mpj-<pid>-<8 random characters>} (short, since socket paths are limited to 107 bytes),
 *       readable, writable and searchable by the owner only (0700). Each process has its own: a child
 *       does not use its parent's.</li>
 *   <li>Removed with everything in it when the process exits: by an exit callback of priority -100
 *       (see {@link Finalize}), after the callbacks of higher priority and after the children were
 *       handled. Do not use it from exit callbacks of lower priority.</li>
 *   <li>A process killed with SIGKILL cannot remove it. The first process that uses its own directory
 *       afterwards removes such leftovers: directories of this user whose process no longer runs and
 *       whose lock (held by the owner for its whole life, which also protects a directory whose owner
 *       runs in another pid namespace) is free.</li>
 * </ul>
 */
public final class ProcessTempDir {

    /** Directory names: {@code mpj-<pid>-<random>}. */
    static final Pattern NAME = Pattern.compile("mpj-(\\d+)-[a-z0-9]{8}");

    /** The file its owner keeps locked while it lives. */
    static final String LOCK_FILE = ".owner.lock";

    /** How old a leftover without a lock file must be to be removed (it may be in the making). */
    static final Duration UNLOCKED_GRACE = Duration.ofMinutes(1);

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    private static final Object LOCK = new Object();
    private static volatile @Nullable Path directory;
    private static @Nullable FileChannel lockChannel;

    private ProcessTempDir() {}

    /**
     * The directory, created on first use.
     *
     * @return its absolute path
     * @throws MultiprocessException if it cannot be created ({@code java.io.tmpdir} missing, full or not
     *                               writable), with the reason
     */
    public static Path get() {
        Path current = directory;
        if (current != null) {
            return current;
        }
        synchronized (LOCK) {
            if (directory == null) {
                directory = create(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
                removeLeftovers(directory.getParent(), directory);
            }
            return directory;
        }
    }

    /**
     * The directory if this process has created it already; never creates it.
     *
     * @return its path, or empty before first use
     */
    public static Optional<Path> existing() {
        return Optional.ofNullable(directory);
    }

    private static Path create(Path base) {
        long pid = ProcessHandle.current().pid();
        SecureRandom random = new SecureRandom();
        for (int attempt = 0; ; attempt++) {
            StringBuilder name = new StringBuilder("mpj-").append(pid).append('-');
            for (int i = 0; i < 8; i++) {
                name.append(Character.forDigit(random.nextInt(36), 36));
            }
            Path dir = base.resolve(name.toString());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                // The umask may have taken bits away; it cannot have added any.
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
                FileChannel channel = FileChannel.open(
                        dir.resolve(LOCK_FILE), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                channel.lock();
                lockChannel = channel;
                Finalize.atExit(ProcessTempDir::removeAtExit, -100);
                return dir;
            } catch (FileAlreadyExistsException taken) {
                if (attempt >= 100) {
                    throw new MultiprocessException(
                            "Cannot create a private temporary directory in " + base + ": 100 random names were taken",
                            taken);
                }
            } catch (IOException | UnsupportedOperationException e) {
                throw new MultiprocessException(
                        "Cannot create the process's private temporary directory " + dir + ": " + e
                                + "; check that java.io.tmpdir (" + base + ") exists, is writable and has space",
                        e);
            }
        }
    }

    private static void removeAtExit() {
        Path dir;
        synchronized (LOCK) {
            dir = directory;
            try {
                if (lockChannel != null) {
                    lockChannel.close();
                }
            } catch (IOException ignored) {
                // Closing releases the lock; the directory is removed anyway.
            }
        }
        if (dir != null) {
            try {
                removeTree(dir);
            } catch (IOException | UncheckedIOException e) {
                System.err.println("multiprocess: could not remove the temporary directory " + dir + " at exit: " + e);
            }
        }
    }

    /** Removes the directories of processes that died without removing theirs. */
    static void removeLeftovers(Path base, Path own) {
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(base, "mpj-*")) {
            for (Path candidate : candidates) {
                if (!candidate.equals(own) && isLeftover(candidate, own)) {
                    try {
                        removeTree(candidate);
                    } catch (IOException | UncheckedIOException raced) {
                        // Another process cleans it up at the same time, or it is not ours after all.
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Cleaning up after others is a courtesy; our own directory is fine.
        }
    }

    private static boolean isLeftover(Path candidate, Path own) throws IOException {
        Matcher name = NAME.matcher(candidate.getFileName().toString());
        if (!name.matches()
                || !Files.isDirectory(candidate, LinkOption.NOFOLLOW_LINKS)
                || !Files.getOwner(candidate, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(own))) {
            return false;
        }
        long pid = Long.parseLong(name.group(1));
        if (ProcessHandle.of(pid).isPresent()) {
            return false;
        }
        Path lockFile = candidate.resolve(LOCK_FILE);
        if (!Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
            FileTime modified = Files.getLastModifiedTime(candidate, LinkOption.NOFOLLOW_LINKS);
            return modified.toInstant().isBefore(Instant.now().minus(UNLOCKED_GRACE));
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                FileLock lock = channel.tryLock()) {
            return lock != null;
        } catch (NoSuchFileException | OverlappingFileLockException gone) {
            return false;
        }
    }

    /** Deletes a directory and what it holds, without following symbolic links. */
    static void removeTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path visited, @Nullable IOException error) throws IOException {
                if (error != null) {
                    throw error;
                }
                Files.deleteIfExists(visited);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
