package io.multiprocess.process;

import io.multiprocess.ProcessStartException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.jspecify.annotations.Nullable;

/**
 * The class path of child JVMs: the parent's own, unless the parent is an application packaged as one
 * executable jar (a Spring Boot "fat" jar run with {@code java -jar}), whose nested jars the JVM's
 * class path cannot reach. Python's {@code freeze_support()} problem, solved without the application's help.
 *
 * <p>For such a jar (recognised by the {@code Spring-Boot-Classes} and {@code Spring-Boot-Lib} attributes of its
 * manifest) the children get a plain class path of jars, extracted once into the {@linkplain CacheDirectory
 * cache} ({@code jars/<name>-<hash of path, size and time>/}): the application's classes and resources as
 * {@code classes.jar}, then the nested libraries in the order of the jar's class-path index. Extraction
 * takes well under a second and happens on the first child start (or in
 * {@link io.multiprocess.Multiprocess#freezeSupport()}); a rebuilt jar gets a new directory, and
 * directories of the same jar name unused for a week are deleted. A plain class path of jars also lets
 * children use a class-data-sharing archive, which Spring Boot's own nested-jar loader would not.
 *
 * <p>Why not Spring Boot's {@code PropertiesLauncher} with {@code -Dloader.main=...}: children would pay
 * for the nested-jar class loader on every start, could not use class-data sharing, and would depend on the
 * loader's internals. The system property {@value #PROPERTY} sets the children's class path explicitly.
 *
 * <p>The class path of every JVM the library starts (children, forkserver, resource tracker).
 */
public final class ChildClassPath {

    /** The system property that sets the children's class path explicitly. */
    public static final String PROPERTY = "multiprocess.child.classpath";

    private static final String CHILD_MAIN_RESOURCE = ChildJvmCommand.CHILD_MAIN.replace('.', '/') + ".class";
    private static final Duration UNUSED_EXTRACTION_LIFETIME = Duration.ofDays(7);

    private static final Object LOCK = new Object();
    private static volatile @Nullable String resolved;
    private static @Nullable String resolvedFor;

    private ChildClassPath() {}

    /**
     * The class path of child JVMs, resolved once per value of {@code java.class.path}.
     *
     * @return the class path, entries separated by {@link File#pathSeparator}
     * @throws ProcessStartException if the library's classes are not on a class path a child can use
     */
    public static String get() {
        String override = System.getProperty(PROPERTY);
        if (override != null && !override.isBlank()) {
            return override;
        }
        String classPath = System.getProperty("java.class.path", "");
        String current = resolved;
        if (current != null && classPath.equals(resolvedFor)) {
            return current;
        }
        synchronized (LOCK) {
            if (resolved == null || !classPath.equals(resolvedFor)) {
                resolved = resolve(classPath);
                resolvedFor = classPath;
            }
            return resolved;
        }
    }

    /**
     * The entries of a class path, without empty ones.
     *
     * @param classPath a class path
     * @return its entries
     */
    public static List<String> entries(String classPath) {
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .toList();
    }

    private static String resolve(String classPath) {
        if (ClassLoader.getSystemClassLoader().getResource(CHILD_MAIN_RESOURCE) != null) {
            return classPath;
        }
        List<String> entries = entries(classPath);
        if (entries.size() == 1 && entries.get(0).endsWith(".jar")) {
            Optional<List<String>> extracted =
                    executableJarClassPath(Path.of(entries.get(0)).toAbsolutePath());
            if (extracted.isPresent()) {
                return String.join(File.pathSeparator, extracted.get());
            }
        }
        throw new ProcessStartException(
                "Child JVMs cannot find the multiprocess library on the class path " + classPath
                        + ": its classes were loaded by " + ChildClassPath.class.getClassLoader()
                        + ", not from the class path. Run "
                        + "the application with the library on its class path (java -cp ...), package it as a Spring Boot "
                        + "executable jar, or set the system property " + PROPERTY
                        + " to the class path children should use",
                null);
    }

    /** Where a Spring Boot executable jar keeps the application's classes and its libraries. */
    private record BootLayout(String classes, String lib, String index) {

        static Optional<BootLayout> of(Path jar) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest manifest = file.getManifest();
                if (manifest == null) {
                    return Optional.empty();
                }
                Attributes main = manifest.getMainAttributes();
                String classes = main.getValue("Spring-Boot-Classes");
                String lib = main.getValue("Spring-Boot-Lib");
                if (classes == null || lib == null) {
                    return Optional.empty();
                }
                return Optional.of(new BootLayout(
                        directoryName(classes), directoryName(lib), main.getValue("Spring-Boot-Classpath-Index")));
            } catch (IOException unreadable) {
                return Optional.empty();
            }
        }

        private static String directoryName(String name) {
            return name.endsWith("/") ? name : name + "/";
        }
    }

    /**
     * Prepares the class path of children now rather than at the first start: for a single executable jar,
     * extracts it. Python's {@code freeze_support()}.
     *
     * @throws ProcessStartException if the library's classes are not on a class path a child can use
     */
    public static void prepare() {
        get();
    }

    /**
     * The class path of a Spring Boot executable jar, extracted into the cache (once per build of the jar).
     *
     * @param jar a jar
     * @return the entries of the extracted class path, or empty when the jar is not a Spring Boot executable jar
     * @throws ProcessStartException if extraction fails
     */
    static Optional<List<String>> executableJarClassPath(Path jar) {
        Optional<BootLayout> layout = BootLayout.of(jar);
        return layout.isEmpty() ? Optional.empty() : Optional.of(extract(jar, layout.get()));
    }

    private static List<String> extract(Path jar, BootLayout layout) {
        Path cache = CacheDirectory.subdirectory("jars")
                .orElseThrow(() -> new ProcessStartException(
                        "This application runs from the single jar " + jar
                                + ", whose nested libraries child JVMs cannot load; "
                                + "extracting them needs a private cache directory, and none is usable (set -D"
                                + CacheDirectory.PROPERTY
                                + "=<a directory of yours>), or set -D" + PROPERTY + " to the children's class path",
                        null));
        try {
            String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
            Path target = cache.resolve(name + "-" + fingerprint(jar));
            if (!Files.isDirectory(target)) {
                Path partial = Files.createTempDirectory(cache, name + ".partial-");
                try {
                    unpack(jar, layout, partial);
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException raced) {
                    if (!Files.isDirectory(target)) {
                        throw raced;
                    }
                } finally {
                    deleteTree(partial);
                }
            }
            Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
            deleteUnusedSiblings(cache, name, target);
            List<String> entries = new ArrayList<>();
            for (String line : Files.readAllLines(target.resolve("classpath.txt"), StandardCharsets.UTF_8)) {
                entries.add(target.resolve(line).toString());
            }
            return entries;
        } catch (IOException | UncheckedIOException e) {
            throw new ProcessStartException(
                    "Cannot extract the class path of child JVMs from the executable jar " + jar + " into " + cache
                            + ": " + e + "; set -D" + PROPERTY + " to the children's class path instead",
                    e);
        }
    }

    /** Writes {@code classes.jar}, {@code lib/*.jar} and {@code classpath.txt} (relative entries, in order). */
    private static void unpack(Path jar, BootLayout layout, Path into) throws IOException {
        Path lib = Files.createDirectory(into.resolve("lib"));
        Set<String> order = new LinkedHashSet<>();
        try (JarFile file = new JarFile(jar.toFile());
                JarOutputStream classes = new JarOutputStream(Files.newOutputStream(into.resolve("classes.jar")))) {
            if (layout.index() != null) {
                ZipEntry index = file.getEntry(layout.index());
                if (index != null) {
                    try (InputStream in = file.getInputStream(index)) {
                        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                            String entry = line.trim().replaceFirst("^- ", "").replace("\"", "");
                            if (entry.startsWith(layout.lib()) && entry.endsWith(".jar")) {
                                order.add(entry.substring(layout.lib().length()));
                            }
                        }
                    }
                }
            }
            List<String> unindexed = new ArrayList<>();
            Enumeration<JarEntry> all = file.entries();
            while (all.hasMoreElements()) {
                JarEntry entry = all.nextElement();
                String name = entry.getName();
                if (name.startsWith(layout.classes())
                        && name.length() > layout.classes().length()) {
                    classes.putNextEntry(
                            new JarEntry(name.substring(layout.classes().length())));
                    if (!entry.isDirectory()) {
                        try (InputStream in = file.getInputStream(entry)) {
                            in.transferTo(classes);
                        }
                    }
                    classes.closeEntry();
                } else if (name.startsWith(layout.lib())
                        && name.endsWith(".jar")
                        && name.indexOf('/', layout.lib().length()) < 0) {
                    String jarName = name.substring(layout.lib().length());
                    try (InputStream in = file.getInputStream(entry);
                            OutputStream out = Files.newOutputStream(lib.resolve(jarName))) {
                        in.transferTo(out);
                    }
                    if (!order.contains(jarName)) {
                        unindexed.add(jarName);
                    }
                }
            }
            order.addAll(unindexed);
        }
        List<String> lines = new ArrayList<>();
        lines.add("classes.jar");
        for (String jarName : order) {
            if (Files.isRegularFile(lib.resolve(jarName))) {
                lines.add("lib/" + jarName);
            }
        }
        Files.write(into.resolve("classpath.txt"), lines, StandardCharsets.UTF_8);
    }

    private static String fingerprint(Path jar) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((jar + "|" + Files.size(jar) + "|"
                            + Files.getLastModifiedTime(jar).toMillis())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void deleteUnusedSiblings(Path cache, String name, Path current) {
        Instant cutoff = Instant.now().minus(UNUSED_EXTRACTION_LIFETIME);
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(cache, name + "-*")) {
            for (Path sibling : siblings) {
                if (!sibling.equals(current)
                        && Files.getLastModifiedTime(sibling).toInstant().isBefore(cutoff)) {
                    deleteTree(sibling);
                }
            }
        } catch (IOException ignored) {
            // Tidying up is best effort.
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // Best effort.
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // Best effort.
        }
    }
}
