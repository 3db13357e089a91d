package io.multiprocess.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Facts about Java installations: the parent's own launcher, and the feature version of another one, read
 * from its {@code release} file. Kept apart from {@link ChildJvmCommand}, which builds a child's command
 * line from settings and uses these facts.
 */
public final class JavaRuntimes {

    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
    private static final Map<String, Integer> FEATURE_VERSIONS = new ConcurrentHashMap<>();

    private JavaRuntimes() {}

    /**
     * The parent's own Java launcher.
     *
     * @return {@code java.home}/bin/java
     */
    public static Path parentExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The feature version (17, 21, 25...) of a Java launcher; the baseline 17 when unknown. */
    static int featureVersion(Path java) {
        if (java.equals(parentExecutable())) {
            return Runtime.version().feature();
        }
        return javaFeatureVersion(java).orElse(17);
    }

    /**
     * The feature version of the Java installation a launcher belongs to, read from the
     * {@code release} file of the installation ({@code <home>/bin/java} next to {@code <home>/release}).
     *
     * @param java a {@code java} launcher
     * @return the feature version (17, 21, 25...), or empty when the launcher is not in a Java installation
     */
    public static OptionalInt javaFeatureVersion(Path java) {
        int cached = FEATURE_VERSIONS.computeIfAbsent(java.toAbsolutePath().toString(), path -> {
            Path bin = Path.of(path).getParent();
            Path release = bin == null || bin.getParent() == null
                    ? null
                    : bin.getParent().resolve("release");
            try {
                if (release != null && Files.isRegularFile(release)) {
                    Matcher m = JAVA_VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
                    if (m.find()) {
                        int major = Integer.parseInt(m.group(1));
                        return major == 1 ? 8 : major;
                    }
                }
            } catch (IOException | NumberFormatException unreadable) {
                // not a Java installation we can read
            }
            return -1;
        });
        return cached < 0 ? OptionalInt.empty() : OptionalInt.of(cached);
    }
}
