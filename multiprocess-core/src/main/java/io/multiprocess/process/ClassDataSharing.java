package io.multiprocess.process;

import io.multiprocess.internal.exit.ExitSequence;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Class-data-sharing archives for child JVMs, built on first use and reused: the library's classes, Kryo
 * and the JDK classes a child needs are then mapped from a file instead of being loaded, parsed and
 * verified in every child, which halves a child's start.
 *
 * <p>How: the first time a child command (Java executable, JVM options, class path) is used, a training
 * JVM with the same command runs the child's warm-up ({@code ChildMain --train}) in the background and
 * writes the archive when it exits: {@code -XX:ArchiveClassesAtExit} on JDK 17 to 24 (a dynamic archive
 * on top of the JDK's), {@code -XX:AOTCacheOutput} on JDK 25 and later (an AOT cache, which also keeps the
 * classes linked). Children started while it trains simply start without. The archive lives in the
 * {@linkplain CacheDirectory cache} under {@code cds/}, named by a hash of everything it depends on
 * (the executable and its {@code libjvm}, the options other than {@code -D} properties and {@code -Xlog}
 * settings, every class-path jar with its size and time), so a changed jar or option gets a new archive; archives unused for
 * {@value #UNUSED_DAYS} days are deleted.
 *
 * <p>When not: JDK class-data sharing accepts only jar files on the class path, so a class path with
 * directories (an IDE, {@code target/classes} under Maven) gets no archive; nor do commands whose options
 * already choose an archive or turn sharing off ({@code -Xshare:off}, {@code -XX:SharedArchiveFile},
 * {@code -XX:AOTCache}...); nor any child when the system property {@value #PROPERTY} is {@code false}.
 * The JVM silently ignores an archive that does not match (its messages are switched off with
 * {@code -Xlog}).
 *
 * <p>Internal API.
 */
final class ClassDataSharing {

    /** The system property that turns the archives off ({@code false}). */
    static final String PROPERTY = "multiprocess.cds";

    /** The argument of {@code ChildMain} that runs the warm-up and exits: the training run. */
    static final String TRAIN = "--train";

    private static final int UNUSED_DAYS = 30;

    /** How long a failed training keeps this key from being trained again, in any JVM. */
    private static final Duration RETRY_FAILED_AFTER = Duration.ofDays(1);

    /** How long a JVM that exits waits for its trainings under way (they would die with it, unfinished). */
    static final Duration AWAIT_AT_EXIT = Duration.ofSeconds(10);

    /** Trainings under way: each one's process, and the future of its archive's installation. */
    private static final Map<Process, CompletableFuture<Void>> UNDER_WAY = new ConcurrentHashMap<>();

    private static final Object EXIT_LOCK = new Object();
    private static boolean exitActionInstalled;

    private static final List<String> OWN_ARCHIVE_OPTIONS = List.of(
            "-Xshare:off",
            "-Xshare:dump",
            "-XX:SharedArchiveFile",
            "-XX:ArchiveClassesAtExit",
            "-XX:+AutoCreateSharedArchive",
            "-XX:AOTCache",
            "-XX:AOTMode",
            "-XX:AOTConfiguration",
            "-XX:AOTCacheOutput",
            "-XX:SharedClassListFile",
            "-XX:-UseSharedSpaces",
            "-XX:DumpLoadedClassList");

    private enum State {
        TRAINING,
        FAILED
    }

    private static final Map<String, State> STATES = new ConcurrentHashMap<>();
    private static final Set<String> TOUCHED = ConcurrentHashMap.newKeySet();

    private ClassDataSharing() {}

    /**
     * The options that make a child use the archive of its command, when that archive exists.
     *
     * @param java       the child's Java executable
     * @param feature    its feature version
     * @param options    every JVM option of the child (the library's and the user's), before {@code -cp}
     * @param classPath  the child's class path
     * @param buildIfMissing start building the archive in the background when it does not exist yet
     * @return options to add after the library's defaults, possibly none
     */
    static List<String> optionsFor(
            Path java, int feature, List<String> options, String classPath, boolean buildIfMissing) {
        // Computing the answer reads the size and time of every jar and hashes them, some milliseconds: an
        // archive found is reused for a minute (a jar rebuilt meanwhile makes the JVM ignore the archive,
        // silently), the absence of one for a second (it may be in training).
        List<Object> question = List.of(java, options, classPath, buildIfMissing);
        Answer recent = RECENT.get(question);
        long now = System.nanoTime();
        if (recent != null && now - recent.at() < (recent.options().isEmpty() ? REUSE_NANOS : REUSE_FOUND_NANOS)) {
            return recent.options();
        }
        List<String> answer = compute(java, feature, options, classPath, buildIfMissing);
        if (RECENT.size() > 64) {
            RECENT.clear();
        }
        RECENT.put(question, new Answer(answer, now));
        return answer;
    }

    private record Answer(List<String> options, long at) {}

    private static final Map<List<Object>, Answer> RECENT = new ConcurrentHashMap<>();
    private static final long REUSE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long REUSE_FOUND_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static List<String> compute(
            Path java, int feature, List<String> options, String classPath, boolean buildIfMissing) {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))
                || choosesOwnArchive(options)
                || !jarsOnly(classPath)) {
            return List.of();
        }
        Optional<Path> dir = CacheDirectory.subdirectory("cds");
        if (dir.isEmpty()) {
            return List.of();
        }
        boolean aot = feature >= 25;
        String key;
        try {
            key = key(java, options, classPath);
        } catch (IOException unreadable) {
            return List.of();
        }
        Path archive = dir.get().resolve(key + (aot ? ".aot" : ".jsa"));
        if (Files.isRegularFile(archive)) {
            if (TOUCHED.add(key)) {
                touch(archive);
            }
            return List.of((aot ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive, silence(aot));
        }
        if (buildIfMissing && !failedRecently(dir.get(), key) && STATES.putIfAbsent(key, State.TRAINING) == null) {
            installExitAction();
            Spawner.later(() -> train(java, aot, options, classPath, dir.get(), archive, key));
        }
        return List.of();
    }

    /** A training of this key failed less than a day ago (in this JVM or another): do not try again yet. */
    private static boolean failedRecently(Path dir, String key) {
        Path marker = dir.resolve(key + ".failed");
        try {
            return Files.isRegularFile(marker)
                    && Files.getLastModifiedTime(marker)
                            .toInstant()
                            .isAfter(Instant.now().minus(RETRY_FAILED_AFTER));
        } catch (IOException e) {
            return false;
        }
    }

    private static void failed(Path dir, String key) {
        STATES.put(key, State.FAILED);
        try {
            Files.deleteIfExists(dir.resolve(key + ".failed"));
            Files.createFile(dir.resolve(key + ".failed"));
        } catch (IOException ignored) {
            // Then this JVM alone remembers it.
        }
    }

    /**
     * A training dies with the JVM that started it (its parent watch), so a short program that exits
     * during its first child's training would never get an archive: at exit, after the children, the JVM
     * waits up to {@link #AWAIT_AT_EXIT} for its trainings (this happens once per class path and JVM
     * options), and kills those still running.
     */
    private static void installExitAction() {
        synchronized (EXIT_LOCK) {
            if (!exitActionInstalled) {
                exitActionInstalled = true;
                ExitSequence.register(-900, ClassDataSharing::awaitTrainings);
            }
        }
    }

    private static void awaitTrainings() {
        long deadline = System.nanoTime() + AWAIT_AT_EXIT.toNanos();
        for (Map.Entry<Process, CompletableFuture<Void>> entry : UNDER_WAY.entrySet()) {
            Process training = entry.getKey();
            try {
                entry.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                training.destroyForcibly();
            } catch (ExecutionException | TimeoutException e) {
                training.destroyForcibly();
            }
        }
    }

    /** Marks an archive as used, so that the clean-up of unused archives spares it. */
    private static void touch(Path archive) {
        try {
            Files.setLastModifiedTime(archive, FileTime.from(Instant.now()));
        } catch (IOException ignored) {
            // Only the clean-up depends on it.
        }
    }

    /** The -Xlog option that keeps the JVM quiet about an archive it cannot use. */
    private static String silence(boolean aot) {
        return aot ? "-Xlog:cds*=off,aot*=off" : "-Xlog:cds*=off";
    }

    static boolean choosesOwnArchive(List<String> options) {
        for (String option : options) {
            for (String own : OWN_ARCHIVE_OPTIONS) {
                if (option.equals(own) || option.startsWith(own + "=")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** JDK class-data sharing refuses class paths with non-empty directories. */
    static boolean jarsOnly(String classPath) {
        List<String> entries = ChildClassPath.entries(classPath);
        if (entries.isEmpty()) {
            return false;
        }
        for (String entry : entries) {
            if (!entry.endsWith(".jar") || !Files.isRegularFile(Path.of(entry))) {
                return false;
            }
        }
        return true;
    }

    static String key(Path java, List<String> options, String classPath) throws IOException {
        StringBuilder text = new StringBuilder("multiprocess-cds-1\n");
        Path real = java.toRealPath();
        text.append(real).append('\n');
        Path home = real.getParent() == null ? null : real.getParent().getParent();
        if (home != null) {
            for (Path jvm : List.of(home.resolve("lib/server/libjvm.so"), home.resolve("release"))) {
                if (Files.isRegularFile(jvm)) {
                    text.append(jvm)
                            .append(' ')
                            .append(Files.size(jvm))
                            .append(' ')
                            .append(Files.getLastModifiedTime(jvm).toMillis())
                            .append('\n');
                }
            }
        }
        for (String option : options) {
            if (!option.startsWith("-D") && !option.startsWith("-Xlog")) {
                text.append(option).append('\n');
            }
        }
        for (String entry : ChildClassPath.entries(classPath)) {
            Path jar = Path.of(entry).toAbsolutePath();
            text.append(jar)
                    .append(' ')
                    .append(Files.size(jar))
                    .append(' ')
                    .append(Files.getLastModifiedTime(jar).toMillis())
                    .append('\n');
        }
        return CacheDirectory.shortHash(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Runs on the spawner thread: starts the training JVM and installs its archive when it exits. */
    private static void train(
            Path java, boolean aot, List<String> options, String classPath, Path dir, Path archive, String key) {
        try {
            Path partial = Files.createTempFile(dir, key + ".partial-", aot ? ".aot" : ".jsa");
            Files.delete(partial);
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(options);
            command.add((aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + partial);
            command.add(silence(aot));
            command.add("-cp");
            command.add(classPath);
            command.add(ChildJvmCommand.CHILD_MAIN);
            command.add(TRAIN);
            Process training = new ProcessBuilder(command)
                    .redirectInput(Redirect.PIPE)
                    .redirectOutput(Redirect.DISCARD)
                    .redirectError(Redirect.DISCARD)
                    .start();
            training.getOutputStream().close();
            UNDER_WAY.put(training, training.onExit().thenRun(() -> install(training, partial, archive, dir, key)));
        } catch (IOException | RuntimeException e) {
            failed(dir, key);
        }
    }

    private static void install(Process training, Path partial, Path archive, Path dir, String key) {
        try {
            if (training.exitValue() == 0 && Files.isRegularFile(partial) && Files.size(partial) > 0) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                STATES.remove(key);
                deleteUnused(dir, archive);
            } else if (training.exitValue() == 0) {
                failed(dir, key);
            } else {
                // Killed (its JVM exited): another JVM may train it.
                STATES.remove(key);
            }
        } catch (IOException e) {
            failed(dir, key);
        } finally {
            try {
                Files.deleteIfExists(partial);
                Files.deleteIfExists(Path.of(partial + ".config"));
            } catch (IOException ignored) {
                // Best effort.
            }
        }
    }

    /** Deletes archives unused for a month and what killed trainings left (partial files older than an hour). */
    private static void deleteUnused(Path dir, Path keep) {
        Instant unused = Instant.now().minus(Duration.ofDays(UNUSED_DAYS));
        Instant abandoned = Instant.now().minus(Duration.ofHours(1));
        try (DirectoryStream<Path> archives = Files.newDirectoryStream(dir)) {
            for (Path archive : archives) {
                Instant used = Files.getLastModifiedTime(archive).toInstant();
                boolean partial = archive.getFileName().toString().contains(".partial-");
                if (!archive.equals(keep) && used.isBefore(partial ? abandoned : unused)) {
                    Files.deleteIfExists(archive);
                }
            }
        } catch (IOException ignored) {
            // Tidying up is best effort.
        }
    }

    /**
     * Whether an archive of this key is being trained now: for tests.
     *
     * @return the number of trainings under way in this JVM
     */
    static long trainingsUnderWay() {
        return STATES.values().stream().filter(state -> state == State.TRAINING).count();
    }
}
