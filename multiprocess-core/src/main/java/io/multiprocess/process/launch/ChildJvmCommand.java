package io.multiprocess.process.launch;

import io.multiprocess.context.ProcessContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line of a child JVM: executable, the library's JVM options, the user's options (last,
 * so that they win), class path and main class. Python's {@code spawn.get_command_line()}.
 *
 * <p>Internal SPI.
 */
public final class ChildJvmCommand {

    /** The class a child JVM runs. */
    public static final String CHILD_MAIN = "io.multiprocess.process.ChildMain";

    /**
     * Options suited to children, which are often short-lived and numerous: the serial collector
     * starts fastest and needs no GC threads; no perf-data file in /tmp per JVM.
     */
    static final List<String> DEFAULT_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xshare:auto");

    /** Options that silence JDK 24+ warnings about Kryo's and JNA's low-level access. */
    static final List<String> JDK24_OPTIONS = List.of("--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow");

    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);
    private static final Map<String, Integer> FEATURE_VERSIONS = new ConcurrentHashMap<>();

    private ChildJvmCommand() {
    }

    /**
     * The parent's own Java launcher.
     *
     * @return {@code java.home}/bin/java
     */
    public static Path parentExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * The full command line for a child of this context.
     *
     * @param context   the context
     * @param mainClass the class to run
     * @return the command line
     */
    public static List<String> build(ProcessContext context, String mainClass) {
        Path java = context.executable().orElseGet(ChildJvmCommand::parentExecutable);
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        List<String> defaults = new ArrayList<>(DEFAULT_OPTIONS);
        if (featureVersion(java) >= 24) {
            defaults.addAll(JDK24_OPTIONS);
        }
        command.addAll(withoutOverridden(defaults, context.jvmOptions()));
        command.addAll(context.jvmOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        return command;
    }

    /**
     * The library's default options minus those the user's options override. HotSpot takes the last
     * occurrence of most options, but refuses two garbage collectors, so a default is dropped when the
     * user sets the same option (same name, any value) or picks another collector.
     */
    static List<String> withoutOverridden(List<String> defaults, List<String> user) {
        List<String> userKeys = user.stream().map(ChildJvmCommand::optionKey).toList();
        return defaults.stream().filter(option -> !userKeys.contains(optionKey(option))).toList();
    }

    /** What an option sets: {@code -XX:+UseSerialGC} and {@code -XX:+UseG1GC} both set "the collector". */
    private static String optionKey(String option) {
        if (option.matches("-XX:[+-]Use\\w*GC")) {
            return "collector";
        }
        if (option.startsWith("-XX:")) {
            String name = option.substring(4).replaceFirst("^[+-]", "");
            int equals = name.indexOf('=');
            return "-XX:" + (equals < 0 ? name : name.substring(0, equals));
        }
        if (option.startsWith("-Xshare:")) {
            return "-Xshare";
        }
        int equals = option.indexOf('=');
        return equals < 0 ? option : option.substring(0, equals);
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
            Path release = bin == null || bin.getParent() == null ? null : bin.getParent().resolve("release");
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
