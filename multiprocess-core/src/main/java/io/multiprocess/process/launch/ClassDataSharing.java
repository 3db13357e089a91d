package io.multiprocess.process.launch;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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

    private static final List<String> OWN_ARCHIVE_OPTIONS = List.of("-Xshare:off", "-Xshare:dump", "-XX:SharedArchiveFile",
        "-XX:ArchiveClassesAtExit", "-XX:+AutoCreateSharedArchive", "-XX:AOTCache", "-XX:AOTMode", "-XX:AOTConfiguration",
        "-XX:AOTCacheOutput", "-XX:SharedClassListFile", "-XX:-UseSharedSpaces", "-XX:DumpLoadedClassList");

    private enum State { TRAINING, FAILED }

    private static final Map<String, State> STATES = new ConcurrentHashMap<>();
    private static final java.util.Set<String> TOUCHED = ConcurrentHashMap.newKeySet();

    private ClassDataSharing() {
    }

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
    static List<String> optionsFor(Path java, int feature, List<String> options, String classPath, boolean buildIfMissing) {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY)) || choosesOwnArchive(options) || !jarsOnly(classPath)) {
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
        if (buildIfMissing && STATES.putIfAbsent(key, State.TRAINING) == null) {
            Spawner.later(() -> train(java, aot, options, classPath, dir.get(), archive, key));
        }
        return List.of();
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
                    text.append(jvm).append(' ').append(Files.size(jvm)).append(' ')
                        .append(Files.getLastModifiedTime(jvm).toMillis()).append('\n');
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
            text.append(jar).append(' ').append(Files.size(jar)).append(' ')
                .append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Runs on the spawner thread: starts the training JVM and installs its archive when it exits. */
    private static void train(Path java, boolean aot, List<String> options, String classPath, Path dir, Path archive,
        String key) {
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
            Process training = new ProcessBuilder(command).redirectInput(Redirect.PIPE)
                .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start();
            training.getOutputStream().close();
            training.onExit().thenRun(() -> install(training, partial, archive, dir, key));
        } catch (IOException | RuntimeException e) {
            STATES.put(key, State.FAILED);
        }
    }

    private static void install(Process training, Path partial, Path archive, Path dir, String key) {
        try {
            if (training.exitValue() == 0 && Files.isRegularFile(partial) && Files.size(partial) > 0) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                STATES.remove(key);
                deleteUnused(dir, archive);
            } else {
                STATES.put(key, State.FAILED);
            }
        } catch (IOException e) {
            STATES.put(key, State.FAILED);
        } finally {
            try {
                Files.deleteIfExists(partial);
                Files.deleteIfExists(Path.of(partial + ".config"));
            } catch (IOException ignored) {
                // Best effort.
            }
        }
    }

    private static void deleteUnused(Path dir, Path keep) {
        Instant cutoff = Instant.now().minus(Duration.ofDays(UNUSED_DAYS));
        try (DirectoryStream<Path> archives = Files.newDirectoryStream(dir)) {
            for (Path archive : archives) {
                FileTime used = Files.getLastModifiedTime(archive);
                if (!archive.equals(keep) && used.toInstant().isBefore(cutoff)) {
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
