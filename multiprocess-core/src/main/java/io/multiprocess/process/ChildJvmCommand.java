package io.multiprocess.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM: executable, the library's JVM options, the user's options (last,
 * so that they win), class path and main class. Python's {@code spawn.get_command_line()}.
 *
 * <p>The library's options are chosen for children that start often and may live briefly, without
 * making them slower once running (measured on JDK 17 and 25, 2 cores; the README has the figures):
 * <ul>
 *   <li>a {@linkplain ClassDataSharing class-data-sharing archive} of the child's classes, built on first
 *       use, when the class path is made of jars;</li>
 *   <li>{@code -XX:-UsePerfData}: no performance-data file in {@code /tmp} per JVM;</li>
 *   <li>{@code -XX:+UseSerialGC -Xms8m}: the serial collector, which starts and exits fastest, needs no
 *       GC threads and keeps the least memory resident, with a small initial heap that grows as needed
 *       (an idle warm pool worker on JDK 17 went from ~59 MiB PSS with G1 and the default initial heap
 *       to ~33 MiB). On JDK 17 to 24 only G1 maps the JDK's archived module graph, which costs Serial a
 *       few ms at start; memory is what limits pools of many workers;</li>
 *   <li>{@code -XX:ArchiveRelocationMode=0} (a diagnostic option, hence {@code -XX:+UnlockDiagnosticVMOptions}):
 *       the class-data archives are mapped at the address they were built for, as JDK 17 to 19 did by
 *       default, instead of a random one; relocating them writes to most of their pages, which then
 *       cost every child ~10 MiB of private memory instead of being shared. The JVM still relocates
 *       when that address is taken;</li>
 *   <li>on JDK 24 and later, options that silence warnings about Kryo's and JNA's low-level access;</li>
 *   <li>{@code -Djna.boot.library.path} pointing at JNA's native library {@linkplain NativeDispatchLibrary
 *       extracted once}, which spares every child a copy of it.</li>
 * </ul>
 * Deliberately not: {@code -XX:TieredStopAtLevel=1} (faster start and ~2 MiB less per worker, but C1-only
 * code runs long tasks markedly slower) and G1 (its regions and remembered sets keep 50-60 MiB resident
 * per idle worker). Users can add them, and override every option above, with
 * {@link ProcessSettings#withJvmOptions(String...)}: a heap option of theirs ({@code -Xms}, {@code -Xmx},
 * {@code -XX:MaxRAMPercentage}...) replaces the library's initial heap, another collector its collector.
 * A worker that needs a large heap from the start: {@code withJvmOptions("-Xms512m", "-Xmx2g")}.
 *
 * <p>The library's own system properties ({@value CacheDirectory#PROPERTY}, {@value ClassDataSharing#PROPERTY},
 * {@value ChildClassPath#PROPERTY}) are passed on, so grandchildren behave like children.
 *
 * <p>The resource tracker and the forkserver build their own JVMs' command lines with it too.
 */
public final class ChildJvmCommand {

    /** The class a child JVM runs. */
    public static final String CHILD_MAIN = "io.multiprocess.process.ChildMain";

    /** The class the forkserver runs. */
    static final String SERVER_MAIN = "io.multiprocess.process.ForkServerMain";

    /** First argument of {@code ChildMain} in a forkserver spare: {@code --spare <server pid> [class...]}. */
    public static final String SPARE_ARGUMENT = "--spare";

    /** First argument of {@code ChildMain} in a child the forkserver started without a spare: {@code --served <server pid>}. */
    public static final String SERVED_ARGUMENT = "--served";

    /** First argument of {@code ChildMain} in the training run of a class-data-sharing archive. */
    public static final String TRAIN_ARGUMENT = ClassDataSharing.TRAIN;

    /** Options of the forkserver itself, a small long-lived JVM that runs no user code. */
    static final List<String> SERVER_OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-XX:-UsePerfData",
            "-Xss512k",
            "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
            "-XX:Tier3InvocationThreshold=20",
            "-XX:Tier3MinInvocationThreshold=10",
            "-XX:Tier3CompileThreshold=100",
            "-XX:Tier3BackEdgeThreshold=5000");

    /**
     * Options of every child, chosen for the memory of idle pool workers: no perf-data file in /tmp per
     * JVM; the serial collector with a heap that starts at {@value #INITIAL_HEAP} and grows as needed (the
     * JVM's default initial heap, 1/64 of the machine's memory, fills with garbage that stays resident);
     * the class-data archives mapped at their fixed address instead of a random one, so that their pages
     * stay clean and are shared by every child instead of being copied by each when relocated.
     */
    static final List<String> DEFAULT_OPTIONS = List.of(
            "-XX:-UsePerfData",
            "-XX:+UseSerialGC",
            "-Xms" + ChildJvmCommand.INITIAL_HEAP,
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:ArchiveRelocationMode=0");

    /** The children's initial heap. */
    static final String INITIAL_HEAP = "8m";

    /** Options that silence JDK 24+ warnings about Kryo's and JNA's low-level access. */
    static final List<String> JDK24_OPTIONS =
            List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");

    /** System properties of the library that children inherit. */
    private static final List<String> INHERITED_PROPERTIES =
            List.of(CacheDirectory.PROPERTY, ClassDataSharing.PROPERTY, ChildClassPath.PROPERTY);

    private ChildJvmCommand() {}

    /**
     * The full command line for a child of this context; starts building the child's class-data-sharing
     * archive in the background if it does not exist yet.
     *
     * @param context   the context
     * @param mainClass the class to run
     * @param arguments arguments of the main class
     * @return the command line
     * @throws io.multiprocess.ProcessStartException if the library is not on a class path children can use
     */
    public static List<String> build(ProcessSettings context, String mainClass, String... arguments) {
        return command(context, true, mainClass, List.of(arguments)).command();
    }

    /**
     * A child command for the forkserver, and the key of its configuration: the command without its
     * class-data-sharing options, so that spares of a configuration stay one pool when its archive
     * becomes ready.
     *
     * @param command the full command line
     * @param key     the configuration's key
     */
    record Served(List<String> command, String key) {}

    /**
     * The command of a forkserver child of this context (up to the main class) and its configuration key.
     *
     * @param context the context
     * @return the command and its key
     */
    static Served buildServed(ProcessSettings context) {
        return command(context, true, CHILD_MAIN, List.of());
    }

    /**
     * The command line of the forkserver: this JVM's Java executable, small-JVM options, the children's class path.
     *
     * @return the command line
     */
    static List<String> serverCommand() {
        List<String> command = new ArrayList<>();
        command.add(JavaRuntimes.parentExecutable().toString());
        command.addAll(SERVER_OPTIONS);
        NativeDispatchLibrary.directory()
                .ifPresent(dir -> command.add("-D" + NativeDispatchLibrary.BOOT_PATH_PROPERTY + "=" + dir));
        if (Runtime.version().feature() >= 24) {
            command.addAll(JDK24_OPTIONS);
        }
        command.add("-cp");
        command.add(ChildClassPath.get());
        command.add(SERVER_MAIN);
        return command;
    }

    /**
     * The command line a child of this context would run now, without side effects. Python's
     * {@code spawn.get_command_line()}.
     *
     * @param context the context
     * @return the command line
     * @throws io.multiprocess.ProcessStartException if the library is not on a class path children can use
     */
    public static List<String> preview(ProcessSettings context) {
        return command(context, false, CHILD_MAIN, List.of()).command();
    }

    private static Served command(
            ProcessSettings context, boolean buildArchive, String mainClass, List<String> arguments) {
        Path java = context.executable().orElseGet(JavaRuntimes::parentExecutable);
        int feature = JavaRuntimes.featureVersion(java);
        String classPath = ChildClassPath.get();
        List<String> defaults = new ArrayList<>(DEFAULT_OPTIONS);
        if (feature >= 24) {
            defaults.addAll(JDK24_OPTIONS);
        }
        for (String property : INHERITED_PROPERTIES) {
            String value = System.getProperty(property);
            if (value != null) {
                defaults.add("-D" + property + "=" + value);
            }
        }
        (buildArchive ? NativeDispatchLibrary.directory() : NativeDispatchLibrary.extracted())
                .ifPresent(dir -> defaults.add("-D" + NativeDispatchLibrary.BOOT_PATH_PROPERTY + "=" + dir));
        List<String> library = withoutOverridden(defaults, context.jvmOptions());
        List<String> options = new ArrayList<>(library);
        options.addAll(context.jvmOptions());
        List<String> sharing = ClassDataSharing.optionsFor(java, feature, options, classPath, buildArchive);
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(library);
        command.addAll(sharing);
        command.addAll(context.jvmOptions());
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(arguments);
        List<String> key = new ArrayList<>(command);
        key.removeAll(sharing);
        return new Served(command, String.join("\u0000", key));
    }

    /**
     * The library's default options minus those the user's options override. HotSpot takes the last
     * occurrence of most options, but refuses two garbage collectors, so a default is dropped when the
     * user sets the same option (same name, any value) or picks another collector.
     */
    static List<String> withoutOverridden(List<String> defaults, List<String> user) {
        List<String> userKeys = user.stream().map(ChildJvmCommand::optionKey).toList();
        return defaults.stream()
                .filter(option -> !userKeys.contains(optionKey(option)))
                .toList();
    }

    /** What an option sets: {@code -XX:+UseSerialGC} and {@code -XX:+UseG1GC} both set "the collector". */
    private static String optionKey(String option) {
        if (option.matches("-XX:[+-]Use\\w*GC")) {
            return "collector";
        }
        // An initial heap above a maximum the user chose would stop the JVM: the user's heap options win whole.
        if (option.matches("-Xm[sx].*|-XX:(Initial|Min|Max)HeapSize=.*|-XX:(Initial|Min|Max)RAMPercentage=.*")) {
            return "heap";
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
}
