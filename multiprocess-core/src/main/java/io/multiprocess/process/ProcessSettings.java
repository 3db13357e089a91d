package io.multiprocess.process;

import io.multiprocess.StartMethod;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.serialization.Serializers;
import java.io.Serial;
import java.io.Serializable;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * How the child JVMs of a start method are started: the start method, the Java executable, JVM options,
 * the serializer, where their output goes, and the forkserver's spares and preloaded classes. Immutable:
 * the {@code with...} methods return new settings.
 *
 * <p>The settings part of a {@code ProcessSettings} (Python's context object), which adds the factories
 * of the library's objects on top; the layers below the context take these settings, so that they need
 * not know the context. A child receives its parent's settings in its bootstrap frame and adopts them as
 * its {@linkplain DefaultSettings default} before it reads anything else.
 *
 * <p>Sent inside a task, settings travel as their fields: the serializer is created again from its class
 * name, and output redirections stay behind (a grandchild writes where its parent writes).
 */
public final class ProcessSettings implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** How many spare JVMs a forkserver keeps ready per child configuration, unless a context says otherwise. */
    public static final int DEFAULT_FORKSERVER_SPARES = 2;

    private final StartMethod startMethod;
    private final @Nullable String executable;
    private final List<String> jvmOptions;
    private final String serializerClass;
    private final int forkserverSpares;
    private final List<String> forkserverPreload;
    private transient volatile @Nullable Serializer serializer;
    private final transient @Nullable Redirect output;
    private final transient @Nullable Redirect error;

    private ProcessSettings(
            StartMethod startMethod,
            @Nullable String executable,
            List<String> jvmOptions,
            Serializer serializer,
            @Nullable Redirect output,
            @Nullable Redirect error,
            int forkserverSpares,
            List<String> forkserverPreload) {
        this.startMethod = Objects.requireNonNull(startMethod, "startMethod");
        this.executable = executable;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.serializerClass = serializer.getClass().getName();
        this.output = output;
        this.error = error;
        this.forkserverSpares = forkserverSpares;
        this.forkserverPreload = List.copyOf(forkserverPreload);
    }

    /** A context read back from its serialized form; the serializer is created on first use. */
    private ProcessSettings(
            StartMethod startMethod,
            @Nullable String executable,
            List<String> jvmOptions,
            String serializerClass,
            int forkserverSpares,
            @Nullable List<String> forkserverPreload) {
        this.startMethod = Objects.requireNonNull(startMethod, "startMethod");
        this.executable = executable;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.serializerClass = Objects.requireNonNull(serializerClass, "serializerClass");
        this.output = null;
        this.error = null;
        this.forkserverSpares = forkserverSpares;
        this.forkserverPreload = forkserverPreload == null ? List.of() : List.copyOf(forkserverPreload);
    }

    /**
     * A context for a start method with default settings: the parent's Java executable, the library's
     * JVM options, the {@link KryoSerializer}, inherited standard output and error.
     *
     * @param startMethod the start method
     * @return the context
     */
    public static ProcessSettings of(StartMethod startMethod) {
        return new ProcessSettings(
                startMethod, null, List.of(), Serializers.shared(), null, null, DEFAULT_FORKSERVER_SPARES, List.of());
    }

    /**
     * The start method of the processes this context starts.
     *
     * @return the start method
     */
    public StartMethod startMethod() {
        return startMethod;
    }

    /**
     * The Java executable that child JVMs run, if one was set; empty means the parent's own
     * ({@code java.home}/bin/java). Python's {@code get_executable()}.
     *
     * @return the executable, or empty for the parent's
     */
    public Optional<Path> executable() {
        return Optional.ofNullable(executable).map(Path::of);
    }

    /**
     * A context whose children run another Java executable. Python's {@code set_executable()}.
     *
     * @param javaExecutable the {@code java} launcher to run, e.g. {@code /usr/lib/jvm/temurin-25/bin/java}
     * @return the new context
     * @throws IllegalArgumentException if the file does not exist, is not executable, or is not the
     *     {@code bin/java} of a Java 17+ installation (one with a {@code release} file)
     */
    public ProcessSettings withExecutable(Path javaExecutable) {
        Objects.requireNonNull(javaExecutable, "javaExecutable");
        if (!Files.isRegularFile(javaExecutable) || !Files.isExecutable(javaExecutable)) {
            throw new IllegalArgumentException("Java executable " + javaExecutable
                    + " does not exist or is not executable; pass the path of a 'java' launcher (JDK 17 or later)");
        }
        OptionalInt version = JavaRuntimes.javaFeatureVersion(javaExecutable);
        if (version.isEmpty() || version.getAsInt() < 17) {
            throw new IllegalArgumentException(javaExecutable + " is not the bin/java of a Java 17+ installation ("
                    + (version.isEmpty() ? "no release file next to its bin directory" : "Java " + version.getAsInt())
                    + "); children must run Java 17 or later");
        }
        return new ProcessSettings(
                startMethod,
                javaExecutable.toAbsolutePath().toString(),
                jvmOptions,
                serializer(),
                output,
                error,
                forkserverSpares,
                forkserverPreload);
    }

    /**
     * The JVM options given to child JVMs after the library's own, so that they take precedence
     * (HotSpot applies the last occurrence of an option).
     *
     * @return the options, unmodifiable
     */
    public List<String> jvmOptions() {
        return jvmOptions;
    }

    /**
     * A context whose children get these JVM options (replacing any set before), after the library's
     * defaults, so that they can override every one of them. For example {@code "-Xmx512m"},
     * {@code "-XX:+UseG1GC"}, {@code "-Dapp.mode=worker"}.
     *
     * @param options JVM options
     * @return the new context
     */
    public ProcessSettings withJvmOptions(String... options) {
        return withJvmOptions(Arrays.asList(options));
    }

    /**
     * A context whose children get these JVM options; see {@link #withJvmOptions(String...)}.
     *
     * @param options JVM options
     * @return the new context
     */
    public ProcessSettings withJvmOptions(List<String> options) {
        List<String> copy = new ArrayList<>(options.size());
        for (String option : options) {
            if (option == null || option.isBlank()) {
                throw new IllegalArgumentException("JVM options must not be null or blank: " + options);
            }
            copy.add(option);
        }
        return new ProcessSettings(
                startMethod, executable, copy, serializer(), output, error, forkserverSpares, forkserverPreload);
    }

    /**
     * The serializer that sends process objects (and later queue items, tasks and results) to children.
     *
     * @return the serializer
     */
    public Serializer serializer() {
        Serializer current = serializer;
        if (current == null) {
            current = Serializers.forName(serializerClass);
            serializer = current;
        }
        return current;
    }

    /**
     * A context that serializes with another serializer, e.g. {@code new JdkSerializer()}. The child
     * creates its own instance of the same class, which therefore needs a public no-argument constructor.
     *
     * @param serializer the serializer
     * @return the new context
     */
    public ProcessSettings withSerializer(Serializer serializer) {
        return new ProcessSettings(
                startMethod, executable, jvmOptions, serializer, output, error, forkserverSpares, forkserverPreload);
    }

    /**
     * A context whose children write their standard output and error elsewhere than the parent's, for
     * example {@code Redirect.appendTo(logFile)}. By default both are inherited, as in Python.
     *
     * @param output where children's standard output goes
     * @param error  where children's standard error goes ({@link Redirect#PIPE} is not allowed: nobody
     *               would read it)
     * @return the new context
     * @throws IllegalArgumentException for {@link Redirect#PIPE}
     */
    public ProcessSettings withOutput(Redirect output, Redirect error) {
        if (output == Redirect.PIPE || error == Redirect.PIPE) {
            throw new IllegalArgumentException(
                    "Redirect.PIPE would fill up and block the child, since nobody reads it; "
                            + "redirect to a file (Redirect.to/appendTo) or keep the default, Redirect.INHERIT");
        }
        return new ProcessSettings(
                startMethod, executable, jvmOptions, serializer(), output, error, forkserverSpares, forkserverPreload);
    }

    /**
     * Where children's standard output goes.
     *
     * @return the redirection; {@link Redirect#INHERIT} by default
     */
    public Redirect output() {
        return output != null ? output : Redirect.INHERIT;
    }

    /**
     * Where children's standard error goes.
     *
     * @return the redirection; {@link Redirect#INHERIT} by default
     */
    public Redirect error() {
        return error != null ? error : Redirect.INHERIT;
    }

    /**
     * Whether processes of this context run on threads of this JVM (start method {@code "thread"}, Python's
     * {@code multiprocessing.dummy}) rather than in child JVMs. Factories of thread-backed contexts give
     * thread-backed objects: nothing is serialized and no process is started.
     *
     * @return true for the {@code "thread"} start method
     */
    public boolean isThreadBacked() {
        return !startMethod.isProcessBased();
    }

    /**
     * How many spare JVMs the forkserver keeps started and warmed up for children of this context
     * (they are per configuration: Java executable, JVM options, class path, preloaded classes).
     *
     * @return the number of spares, {@value #DEFAULT_FORKSERVER_SPARES} unless set
     */
    public int forkserverSpares() {
        return forkserverSpares;
    }

    /**
     * A context whose forkserver keeps {@code spares} JVMs ready for its children. More spares serve more
     * starts in a burst at forkserver speed; each idle spare holds the memory of a small JVM (some tens of
     * megabytes). Zero keeps none: every start then waits for a JVM to boot, as with spawn. Only the
     * forkserver start method uses it.
     *
     * @param spares the number of spare JVMs, 0 to 64
     * @return the new context
     * @throws IllegalArgumentException if {@code spares} is out of range
     */
    public ProcessSettings withForkserverSpares(int spares) {
        if (spares < 0 || spares > 64) {
            throw new IllegalArgumentException(
                    "A forkserver keeps 0 to 64 spare JVMs per configuration, not " + spares);
        }
        return new ProcessSettings(
                startMethod, executable, jvmOptions, serializer(), output, error, spares, forkserverPreload);
    }

    /**
     * The classes the forkserver's spare JVMs load and initialize before they wait for work; empty means
     * those of {@code ForkServer.setPreload}.
     *
     * @return the class names
     */
    public List<String> forkserverPreload() {
        return forkserverPreload;
    }

    /**
     * A context whose forkserver spares load and initialize these classes while they wait for work, so
     * that children do not pay for it: Python's {@code set_forkserver_preload(module_names)}. As in Python it is
     * a hint: a class that cannot be loaded is skipped. Only the forkserver start method uses it.
     *
     * @param classNames fully qualified class names, e.g. {@code "com.acme.Model"}
     * @return the new context
     * @throws IllegalArgumentException if a name is null or blank
     */
    public ProcessSettings withForkserverPreload(String... classNames) {
        List<String> names = new ArrayList<>();
        for (String name : classNames) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(
                        "Class names to preload must not be null or blank: " + Arrays.toString(classNames));
            }
            names.add(name.trim());
        }
        return new ProcessSettings(
                startMethod, executable, jvmOptions, serializer(), output, error, forkserverSpares, names);
    }

    /**
     * The command line a child JVM of this context runs: Python's {@code spawn.get_command_line()}. Forkserver
     * spares run it with extra arguments ({@code --spare <server pid> [classes]}).
     *
     * @return the command line: executable, JVM options, class path, main class
     * @throws UnsupportedOperationException for a thread-backed context, which starts no JVM
     * @throws io.multiprocess.ProcessStartException if the library is not on a class path children can use
     */
    public List<String> commandLine() {
        if (isThreadBacked()) {
            throw new UnsupportedOperationException("The 'thread' context runs processes on threads of this JVM and "
                    + "starts no child JVM, so it has no command line; use a 'spawn' or 'forkserver' context");
        }
        return ChildJvmCommand.preview(this);
    }

    /**
     * Settings read back from a bootstrap frame; the serializer is created on first use.
     *
     * @return the settings
     */
    static ProcessSettings read(
            StartMethod startMethod,
            @Nullable String executable,
            List<String> jvmOptions,
            String serializerClass,
            int forkserverSpares,
            List<String> forkserverPreload) {
        return new ProcessSettings(
                startMethod, executable, jvmOptions, serializerClass, forkserverSpares, forkserverPreload);
    }

    /** The serializer's class name, as children create it. */
    String serializerClass() {
        return serializerClass;
    }

    @Override
    public String toString() {
        return "ProcessSettings[" + startMethod.pythonName()
                + (executable != null ? ", executable=" + executable : "")
                + (jvmOptions.isEmpty() ? "" : ", jvmOptions=" + jvmOptions)
                + ", serializer=" + serializerClass.substring(serializerClass.lastIndexOf('.') + 1)
                + (startMethod == StartMethod.FORKSERVER
                        ? ", spares=" + forkserverSpares
                                + (forkserverPreload.isEmpty() ? "" : ", preload=" + forkserverPreload)
                        : "")
                + "]";
    }
}
