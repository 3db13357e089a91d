package io.multiprocess.tracker;

import io.multiprocess.MultiprocessException;
import io.multiprocess.internal.shm.SegmentRegistry;
import io.multiprocess.process.ChildClassPath;
import io.multiprocess.process.ChildJvmCommand;
import io.multiprocess.process.JavaRuntimes;
import io.multiprocess.process.Processes;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The resource tracker: every named shared-memory segment the library creates (a {@code SharedMemory}
 * block, the segment behind a lock, a value, a barrier...) is registered here before it exists, and
 * unregistered when it is unlinked. When the process tree that created it dies, even by SIGKILL, the
 * tracker process unlinks what is still registered and prints a warning naming each resource on
 * standard error. Python's {@code multiprocessing.resource_tracker}.
 *
 * <h2>One tracker per process tree</h2>
 * The first process of a tree that creates a named resource becomes the tree's <em>tracker owner</em>:
 * it starts the tracker, a small JVM ({@link ResourceTrackerMain}) whose standard input is a pipe from
 * the owner. Its descendants (multiprocess children, grandchildren...) find the nearest ancestor that
 * owns a tracker and register there; a child whose ancestors own none becomes an owner itself.
 * <ul>
 *   <li><b>Registration</b> is a small file in the owner's registry directory (a private 0700
 *       directory under {@code java.io.tmpdir}): a few system calls in the registering process, no
 *       round trip to another process, and never lost when the registering process dies the next
 *       instant, because it is written before the segment is created.</li>
 *   <li><b>Crash detection</b>: the kernel closes the pipe when the owner ends, however it ends. The
 *       tracker then closes the registry to new registrations, waits (at most 10 s) until every process
 *       that registered something has ended (children follow their parent within a second), unlinks what
 *       is left, warns, removes the registry and exits. It ignores SIGINT, SIGTERM and SIGHUP, as
 *       Python's does, so that a Ctrl-C reaching the whole process group does not stop it before the
 *       owner.</li>
 *   <li><b>No orphans</b>: the tracker exits right after cleaning; while its owner lives it is idle.
 *       It is not a {@code ChildProcess} and is not listed by {@code activeChildren()}.</li>
 * </ul>
 *
 * <p>As in Python, the tracker of a tree cleans up only when the tree's owner ends: a child that dies
 * leaving a segment behind leaves it registered until then. Only the creator registers a resource:
 * processes that attach to it by name do not (CPython's gh-82300 is not repeated), and any process of
 * the tree that unlinks it unregisters it.
 */
public final class ResourceTracker {

    /** The names {@link #register} accepts: POSIX shared-memory names without the slash. */
    private static final Pattern VALID_NAME = Pattern.compile("[^/\\x00]{1,250}");

    /** Registration files are named this prefix plus the resource's name. */
    static final String ENTRY_PREFIX = "r-";

    /** The file in a registry that holds the tracker's pid. */
    static final String TRACKER_PID_FILE = "tracker.pid";

    private static final Object LOCK = new Object();
    private static final SecureRandom NONCES = new SecureRandom();
    private static @Nullable Path registry;
    private static @Nullable Process trackerProcess;
    /** Held for the life of the JVM: an unreachable stream would be closed by the garbage collector. */
    @SuppressWarnings("unused")
    private static @Nullable OutputStream trackerPipe;

    private ResourceTracker() {}

    /**
     * The tracker as the registry of the library's shared blocks: {@link #register} and
     * {@link #unregister} behind the interface that the lower layers know.
     *
     * @return the registry that records segments with this process tree's tracker
     */
    public static SegmentRegistry segments() {
        return Segments.INSTANCE;
    }

    private enum Segments implements SegmentRegistry {
        INSTANCE;

        @Override
        public void register(String name, String type, long size) {
            ResourceTracker.register(name, type, size);
        }

        @Override
        public void unregister(String name) {
            ResourceTracker.unregister(name);
        }
    }

    /**
     * Registers a named resource, starting this tree's tracker if it has none yet. Called by the
     * library's types before they create a segment; callers that create POSIX shared memory themselves
     * may register it too. Registering a name again replaces the earlier record. Python's
     * {@code resource_tracker.register(name, rtype)}.
     *
     * @param name the shared-memory name, without a leading slash
     * @param type the resource's type, e.g. {@code "shared_memory"}
     * @param size its size in bytes
     * @throws IllegalArgumentException for a name that is not a valid shared-memory name
     * @throws MultiprocessException if the tracker cannot be started or the tree's tracker has already
     *     ended (its owner died): create nothing then
     */
    public static void register(String name, String type, long size) {
        checkName(name);
        checkType(type);
        Path dir = registry(true);
        String record = record(type, size);
        try {
            Files.writeString(dir.resolve(ENTRY_PREFIX + name), record, StandardCharsets.UTF_8);
        } catch (NoSuchFileException closed) {
            throw new MultiprocessException(
                    "Cannot register '" + name + "' with the resource tracker: its registry " + dir
                            + " is gone, so the tracker of this process tree has ended (the tree's owner died); nothing was created",
                    closed);
        } catch (IOException e) {
            throw new MultiprocessException(
                    "Cannot register '" + name + "' with the resource tracker in " + dir + ": " + e, e);
        }
    }

    /**
     * Registers a named resource unless the tree's tracker already holds a record of that name, for a
     * creator that may fail because the name exists: the record it gets is its own, and
     * {@link Claim#withdraw()} removes that record only, never one that another creator wrote. A creator
     * that finds a record and then creates the resource after all (the record was stale: the resource was
     * unlinked without being unregistered) calls {@link #register} to replace it.
     *
     * @param name the shared-memory name, without a leading slash
     * @param type the resource's type, e.g. {@code "shared_memory"}
     * @param size its size in bytes
     * @return the claim on the new record, or empty when a record of that name exists (it is left as it is)
     * @throws IllegalArgumentException for a name that is not a valid shared-memory name
     * @throws MultiprocessException if the tracker cannot be started or the tree's tracker has already
     *     ended (its owner died): create nothing then
     */
    public static Optional<Claim> registerIfAbsent(String name, String type, long size) {
        checkName(name);
        checkType(type);
        Path dir = registry(true);
        Path entry = dir.resolve(ENTRY_PREFIX + name);
        // The nonce tells this record from an identical one written by another thread in the same millisecond.
        String record = record(type, size) + Long.toHexString(NONCES.nextLong()) + "\n";
        try {
            Files.writeString(
                    entry, record, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return Optional.of(new Claim(entry, record));
        } catch (FileAlreadyExistsException exists) {
            return Optional.empty();
        } catch (NoSuchFileException closed) {
            throw new MultiprocessException(
                    "Cannot register '" + name + "' with the resource tracker: its registry " + dir
                            + " is gone, so the tracker of this process tree has ended (the tree's owner died); nothing was created",
                    closed);
        } catch (IOException e) {
            throw new MultiprocessException(
                    "Cannot register '" + name + "' with the resource tracker in " + dir + ": " + e, e);
        }
    }

    /** The record written by {@link #registerIfAbsent}: its creator can withdraw it, and only it. */
    public static final class Claim {

        private final Path entry;
        private final String record;

        private Claim(Path entry, String record) {
            this.entry = entry;
            this.record = record;
        }

        /**
         * Removes the record if it is still the one this claim wrote (the creation failed); a record
         * that replaced it meanwhile stays.
         */
        public void withdraw() {
            try {
                if (Files.readString(entry, StandardCharsets.UTF_8).equals(record)) {
                    Files.deleteIfExists(entry);
                }
            } catch (IOException goneOrUnreadable) {
                // Already removed (unregistered, or the tracker cleaned up): nothing of ours is left.
            }
        }
    }

    private static String record(String type, long size) {
        return type + "\n" + size + "\n" + ProcessHandle.current().pid() + "\n" + System.currentTimeMillis() + "\n";
    }

    private static void checkType(String type) {
        Objects.requireNonNull(type, "type");
        if (type.isBlank() || type.contains("\n")) {
            throw new IllegalArgumentException("A resource type must be one non-blank line, not '" + type + "'");
        }
    }

    /**
     * Removes a resource's registration, once it was unlinked. Unknown names are ignored (another
     * process may have unregistered it, or it belongs to another tree). Python's
     * {@code resource_tracker.unregister(name, rtype)}.
     *
     * @param name the shared-memory name
     */
    public static void unregister(String name) {
        checkName(name);
        Path dir = registry(false);
        if (dir == null) {
            return;
        }
        try {
            Files.deleteIfExists(dir.resolve(ENTRY_PREFIX + name));
        } catch (IOException e) {
            // The tracker unlinks a name that is already gone without complaint; nothing is lost.
        }
    }

    /**
     * The resources registered in this process's tree and not yet unlinked, oldest first: the listing
     * for monitoring (an actuator endpoint, say). Empty when the tree has no tracker.
     *
     * @return descriptors of the registered resources
     */
    public static List<TrackedResource> resources() {
        Path dir = registry(false);
        return dir == null ? List.of() : read(dir);
    }

    /**
     * Starts the tracker of this process's tree now if it has none (it otherwise starts with the first
     * registration). Python's {@code resource_tracker.ensure_running()}: a program that forks off work
     * later, or wants the tracker's start-up cost paid up front, calls it early.
     *
     * @return the pid of the tracker process that serves this tree
     * @throws io.multiprocess.MultiprocessException if the tracker cannot be started
     */
    public static long ensureRunning() {
        registry(true);
        OptionalLong pid = trackerPid();
        if (pid.isEmpty()) {
            throw new MultiprocessException(
                    "The resource tracker of this process tree did not record its pid in " + registryDirectory());
        }
        return pid.getAsLong();
    }

    /**
     * The pid of the tracker process that serves this process's tree.
     *
     * @return the pid, or empty when the tree has no tracker (nothing was registered yet)
     */
    public static OptionalLong trackerPid() {
        Path dir = registry(false);
        if (dir == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(
                    Files.readString(dir.resolve(TRACKER_PID_FILE)).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The registry directory of this process's tree.
     *
     * @return the directory, or empty when the tree has no tracker
     */
    public static Optional<Path> registryDirectory() {
        return Optional.ofNullable(registry(false));
    }

    /** Reads the registrations of a registry; entries that vanish meanwhile are skipped. */
    static List<TrackedResource> read(Path dir) {
        List<TrackedResource> resources = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ENTRY_PREFIX + "*")) {
            for (Path entry : entries) {
                parse(entry).ifPresent(resources::add);
            }
        } catch (IOException e) {
            return List.of();
        }
        resources.sort(Comparator.comparing(TrackedResource::created).thenComparing(TrackedResource::name));
        return resources;
    }

    static Optional<TrackedResource> parse(Path entry) {
        try {
            String[] lines = Files.readString(entry, StandardCharsets.UTF_8).split("\n");
            String name = entry.getFileName().toString().substring(ENTRY_PREFIX.length());
            return Optional.of(new TrackedResource(
                    name,
                    lines[0],
                    Long.parseLong(lines[1]),
                    Long.parseLong(lines[2]),
                    Instant.ofEpochMilli(Long.parseLong(lines[3]))));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (!VALID_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("Invalid shared-memory name '" + name
                    + "': use 1 to 250 characters other than '/' and NUL, not '.' or '..'");
        }
    }

    /** The base directory of every registry of this user: private to the user. */
    static Path baseDirectory() {
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "multiprocess-" + System.getProperty("user.name"));
        try {
            Files.createDirectory(
                    base, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException exists) {
            // Made earlier; its permissions are checked below.
        } catch (IOException e) {
            throw new MultiprocessException("Cannot create the resource tracker's directory " + base + ": " + e, e);
        }
        try {
            if (!Files.getOwner(base).getName().equals(System.getProperty("user.name"))
                    || !PosixFilePermissions.toString(Files.getPosixFilePermissions(base))
                            .equals("rwx------")) {
                throw new MultiprocessException("The resource tracker's directory " + base + " must belong to "
                        + System.getProperty("user.name") + " with permissions 0700; remove it and try again");
            }
        } catch (IOException e) {
            throw new MultiprocessException("Cannot check the resource tracker's directory " + base + ": " + e, e);
        }
        return base;
    }

    /** The registry directory name of a process: its pid and start time, which never name another process. */
    static String registryName(long pid, long startTicks) {
        return "tracker-" + pid + "-" + startTicks;
    }

    /**
     * This process's registry: its own if it owns a tracker, else the nearest ancestor's within the
     * multiprocess tree; when there is none, a new one owned by this process if {@code create}.
     */
    private static @Nullable Path registry(boolean create) {
        synchronized (LOCK) {
            if (registry != null) {
                return registry;
            }
            Path base = baseDirectory();
            for (long pid : treeChain()) {
                OptionalLong start = ProcStat.startTicks(pid);
                if (start.isPresent()) {
                    Path candidate = base.resolve(registryName(pid, start.getAsLong()));
                    if (Files.isDirectory(candidate)) {
                        registry = candidate;
                        return registry;
                    }
                }
            }
            if (!create) {
                return null;
            }
            long self = ProcessHandle.current().pid();
            Path own = base.resolve(registryName(self, ProcStat.startTicks(self).orElseThrow()));
            startTracker(own);
            registry = own;
            return own;
        }
    }

    /**
     * This process, then its multiprocess parent and that parent's ancestors as long as they are
     * multiprocess children themselves: the processes whose tracker this one may use, nearest first.
     */
    private static List<Long> treeChain() {
        List<Long> chain = new ArrayList<>();
        chain.add(ProcessHandle.current().pid());
        OptionalLong parent = Processes.parent().map(p -> p.pid()).orElse(OptionalLong.empty());
        if (parent.isEmpty()) {
            return chain;
        }
        long pid = parent.getAsLong();
        for (int depth = 0; depth < 64; depth++) {
            chain.add(pid);
            if (!ProcStat.commandLineHas(pid, ChildJvmCommand.CHILD_MAIN)) {
                break;
            }
            OptionalLong up = ProcStat.parentPid(pid);
            if (up.isEmpty() || up.getAsLong() <= 1) {
                break;
            }
            pid = up.getAsLong();
        }
        return chain;
    }

    /**
     * Starts the tracker JVM, then creates the registry: in this order, so that a registry never exists
     * without a tracker watching it (if this process dies in between, the tracker finds no registry and
     * simply exits).
     */
    private static void startTracker(Path dir) {
        List<String> command = List.of(
                JavaRuntimes.parentExecutable().toString(),
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:-UsePerfData",
                "-Xshare:auto",
                "-Xmx32m",
                "-Xss512k",
                "-cp",
                ChildClassPath.get(),
                ResourceTrackerMain.class.getName(),
                dir.toString(),
                Long.toString(ProcessHandle.current().pid()));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            trackerProcess = process;
            // Never written to: the pipe only tells the tracker, by closing, that this process ended.
            trackerPipe = process.getOutputStream();
            Files.createDirectory(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.writeString(
                    dir.resolve(TRACKER_PID_FILE),
                    Long.toString(process.pid()),
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            if (trackerProcess != null) {
                trackerProcess.destroyForcibly();
                trackerProcess = null;
            }
            throw new MultiprocessException("Cannot start the resource tracker (" + command.get(0) + "): " + e, e);
        }
    }

    /**
     * The tracker process this JVM started, if it owns one: for tests that tell it apart from leftover
     * children.
     *
     * @return the tracker's pid, or empty when this JVM started none
     */
    public static OptionalLong ownTrackerPid() {
        synchronized (LOCK) {
            return trackerProcess == null ? OptionalLong.empty() : OptionalLong.of(trackerProcess.pid());
        }
    }
}
