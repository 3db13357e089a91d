package io.multiprocess.spring.test;

import io.multiprocess.Multiprocess;
import io.multiprocess.ProcessStateException;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.process.ForkServerClient;
import io.multiprocess.tracker.ResourceTracker;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a test left behind, compared with a {@link ProcessTreeSnapshot} taken before it: processes,
 * shared-memory segments, socket files and private temporary directories of ended children.
 *
 * @param processes     live processes started during the test
 * @param segments      names of {@code /dev/shm} entries
 * @param socketFiles   socket files in the test JVM's private temporary directory
 * @param tempDirs      private temporary directories of children that ended
 */
record Leftovers(List<ProcessHandle> processes, Set<String> segments, Set<Path> socketFiles, Set<Path> tempDirs) {

    /** The library's segment names: {@code <prefix>-<pid of the creator>-<16 hex digits>}. */
    private static final Pattern SEGMENT = Pattern.compile(".*-(\\d+)-[0-9a-f]{16}");

    /** A process's private temporary directory: {@code mpj-<pid>-<8 characters>}. */
    private static final Pattern TEMP_DIR = Pattern.compile("mpj-(\\d+)-[a-z0-9]{8}");

    private static final Duration POLL = Duration.ofMillis(20);

    private static final Pattern CLASS_PATH = Pattern.compile("(-cp|-classpath|--class-path) \\S+");

    /**
     * Looks for leftovers until there are none or {@code grace} ran out.
     *
     * @param before what existed before the test (its sampler stopped)
     * @param grace  how long leftovers get to go away
     * @return what is left; empty when the test cleaned up
     */
    static Leftovers awaitGone(ProcessTreeSnapshot before, Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (true) {
            Leftovers now = find(before, ContextProcesses.ownedByOpenContexts());
            if (now.isEmpty() || System.nanoTime() - deadline >= 0) {
                return now;
            }
            try {
                // A bounded poll: exit hooks and trackers remove things on their own schedule.
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return find(before, ContextProcesses.ownedByOpenContexts());
            }
        }
    }

    private static Leftovers find(ProcessTreeSnapshot before, OwnedByContext owned) {
        Set<Long> seen = before.seenPids();
        return new Leftovers(
                processes(before, owned),
                segments(before, owned, seen),
                sockets(before, owned),
                tempDirs(before, seen));
    }

    private static List<ProcessHandle> processes(ProcessTreeSnapshot before, OwnedByContext owned) {
        Set<Long> helpers = new HashSet<>(ForkServerClient.idleSpares());
        ForkServerClient.serverPid().ifPresent(helpers::add);
        ResourceTracker.ownTrackerPid().ifPresent(helpers::add);
        return ProcessHandle.current()
                .descendants()
                .filter(ProcessHandle::isAlive)
                .filter(process -> !helpers.contains(process.pid()))
                .filter(process -> !before.liveBefore.contains(process.pid()))
                .filter(process -> !owned.pids().contains(process.pid()))
                .toList();
    }

    private static Set<String> segments(ProcessTreeSnapshot before, OwnedByContext owned, Set<Long> seen) {
        Set<String> left = new TreeSet<>();
        for (String name : ProcessTreeSnapshot.shmEntries()) {
            Matcher matcher = SEGMENT.matcher(name);
            if (!before.shmBefore.contains(name) && matcher.matches()) {
                long creator = Long.parseLong(matcher.group(1));
                if (seen.contains(creator) && !owned.pids().contains(creator)) {
                    left.add(name);
                }
            }
        }
        return left;
    }

    private static Set<Path> sockets(ProcessTreeSnapshot before, OwnedByContext owned) {
        List<Path> fresh = new ArrayList<>();
        for (Path file : ProcessTreeSnapshot.socketFiles()) {
            if (!before.socketsBefore.contains(file) && !owned.socketFiles().contains(file)) {
                fresh.add(file);
            }
        }
        for (Instant poolStarted : owned.poolStarts()) {
            if (poolStarted.isAfter(before.taken)) {
                // A context's pool started during the test: the pool socket made just before its first
                // worker is the pool's.
                fresh.stream()
                        .filter(file -> file.getFileName().toString().startsWith("pool-"))
                        .filter(file -> !modified(file).isAfter(poolStarted))
                        .max(Comparator.comparing(Leftovers::modified))
                        .ifPresent(fresh::remove);
            }
        }
        return new TreeSet<>(fresh);
    }

    private static Set<Path> tempDirs(ProcessTreeSnapshot before, Set<Long> seen) {
        Set<Path> left = new TreeSet<>();
        long self = ProcessHandle.current().pid();
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base, "mpj-*")) {
            for (Path dir : dirs) {
                Matcher name = TEMP_DIR.matcher(dir.getFileName().toString());
                if (name.matches()) {
                    long pid = Long.parseLong(name.group(1));
                    if (pid != self
                            && seen.contains(pid)
                            && ProcessHandle.of(pid).isEmpty()
                            && !modified(dir).isBefore(before.taken)) {
                        left.add(dir);
                    }
                }
            }
        } catch (IOException unreadable) {
            return left;
        }
        return left;
    }

    private static List<Path> tempDirsOf(long pid) {
        List<Path> dirs = new ArrayList<>();
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> found = Files.newDirectoryStream(base, "mpj-" + pid + "-*")) {
            found.forEach(dirs::add);
        } catch (IOException unreadable) {
            return dirs;
        }
        return dirs;
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException gone) {
            return Instant.MIN;
        }
    }

    /** Whether nothing was left. */
    boolean isEmpty() {
        return processes.isEmpty() && segments.isEmpty() && socketFiles.isEmpty() && tempDirs.isEmpty();
    }

    /** The failure message: each kind of leftover, with pids and command lines, names and paths. */
    String describe() {
        StringBuilder report = new StringBuilder("The test left multiprocess resources behind (now cleaned up):");
        if (!processes.isEmpty()) {
            report.append("\n  ").append(processes.size()).append(" child process(es) still running (now killed):");
            Map<Long, String> names = libraryNames();
            for (ProcessHandle process : processes) {
                report.append("\n    pid ").append(process.pid());
                String name = names.get(process.pid());
                if (name != null) {
                    report.append(" (").append(name).append(')');
                }
                report.append(": ").append(commandLine(process));
            }
        }
        if (!segments.isEmpty()) {
            report.append("\n  ")
                    .append(segments.size())
                    .append(" shared-memory segment(s) in /dev/shm (now unlinked): ")
                    .append(segments);
        }
        if (!socketFiles.isEmpty()) {
            report.append("\n  ")
                    .append(socketFiles.size())
                    .append(" socket file(s) (now removed): ")
                    .append(socketFiles);
        }
        if (!tempDirs.isEmpty()) {
            report.append("\n  ")
                    .append(tempDirs.size())
                    .append(" temporary directory(ies) of ended processes (now removed): ")
                    .append(tempDirs);
        }
        report.append("\nClose what the test opens (pools, processes, shared memory, listeners), for example with"
                + " try-with-resources, and join processes before the test ends.");
        return report.toString();
    }

    /** Names and roles of the library's live children, by pid ({@code SpawnPoolWorker-1, pool_worker}). */
    private static Map<Long, String> libraryNames() {
        Map<Long, String> names = new HashMap<>();
        for (ChildProcess child : Multiprocess.activeChildren()) {
            try {
                child.pid()
                        .ifPresent(pid -> names.put(
                                pid, child.name() + ", " + child.role().label()));
            } catch (ProcessStateException closedMeanwhile) {
                // Ended while we looked: its pid is not among the leftovers either.
            }
        }
        return names;
    }

    /** The process's command line, its class path elided (it runs to thousands of characters). */
    private static String commandLine(ProcessHandle process) {
        return process.info()
                .commandLine()
                .map(line -> CLASS_PATH.matcher(line).replaceAll("$1 ..."))
                .orElse("(command line not known)");
    }

    /** Kills the processes (their descendants first), unlinks the segments, removes the files. */
    void cleanUp() {
        for (ProcessHandle process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (ProcessHandle process : processes) {
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception stillEnding) {
                // Killed; the operating system reaps it.
            }
        }
        // A killed process cannot remove its private temporary directory.
        processes.forEach(process -> tempDirsOf(process.pid()).forEach(Leftovers::deleteTreeQuietly));
        for (String segment : segments) {
            deleteQuietly(ProcessTreeSnapshot.SHM.resolve(segment));
        }
        socketFiles.forEach(Leftovers::deleteQuietly);
        tempDirs.forEach(Leftovers::deleteTreeQuietly);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException alreadyReported) {
            // Listed in the failure anyway.
        }
    }

    private static void deleteTreeQuietly(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path visited, IOException error) throws IOException {
                    Files.deleteIfExists(visited);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException alreadyReported) {
            // Listed in the failure anyway.
        }
    }
}
