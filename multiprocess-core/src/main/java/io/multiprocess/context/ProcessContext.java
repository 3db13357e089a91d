package io.multiprocess.context;

import io.multiprocess.StartMethod;
import io.multiprocess.function.SerializableBiConsumer;
import io.multiprocess.function.SerializableConsumer;
import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.process.launch.ChildJvmCommand;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.serialization.Serializer;
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

/**
 * A start method together with the settings of the child JVMs it starts, and the factories of the
 * library's objects bound to them. Python's {@code multiprocessing.get_context(method)}.
 *
 * <p>Immutable: the {@code with...} methods return a new context. Obtain one with
 * {@link io.multiprocess.Multiprocess#getContext(String)} or {@link #of(StartMethod)}:
 * <pre>{@code
 * ProcessContext ctx = Multiprocess.getContext("spawn").withJvmOptions("-Xmx256m");
 * ChildProcess p = ctx.process(() -> System.out.println("hello from " + Multiprocess.currentProcess().name()));
 * p.start();
 * p.join();
 * }</pre>
 *
 * <p>A context can be sent to a child process (captured in a task, say), and a child started from a
 * context uses that context as its own default, as Python's spawned children inherit their parent's
 * start method. Output redirections are not sent: a grandchild writes where its parent writes.
 */
public final class ProcessContext implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    private final StartMethod startMethod;
    private final String executable;
    private final List<String> jvmOptions;
    private final String serializerClass;
    private transient volatile Serializer serializer;
    private final transient Redirect output;
    private final transient Redirect error;

    private ProcessContext(StartMethod startMethod, String executable, List<String> jvmOptions, Serializer serializer,
        Redirect output, Redirect error) {
        this.startMethod = Objects.requireNonNull(startMethod, "startMethod");
        this.executable = executable;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.serializer = Objects.requireNonNull(serializer, "serializer");
        this.serializerClass = serializer.getClass().getName();
        this.output = output;
        this.error = error;
    }

    /**
     * A context for a start method with default settings: the parent's Java executable, the library's
     * JVM options, the {@link KryoSerializer}, inherited standard output and error.
     *
     * @param startMethod the start method
     * @return the context
     */
    public static ProcessContext of(StartMethod startMethod) {
        return new ProcessContext(startMethod, null, List.of(), DefaultSerializer.INSTANCE, null, null);
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
    public ProcessContext withExecutable(Path javaExecutable) {
        Objects.requireNonNull(javaExecutable, "javaExecutable");
        if (!Files.isRegularFile(javaExecutable) || !Files.isExecutable(javaExecutable)) {
            throw new IllegalArgumentException("Java executable " + javaExecutable
                + " does not exist or is not executable; pass the path of a 'java' launcher (JDK 17 or later)");
        }
        OptionalInt version = ChildJvmCommand.javaFeatureVersion(javaExecutable);
        if (version.isEmpty() || version.getAsInt() < 17) {
            throw new IllegalArgumentException(javaExecutable + " is not the bin/java of a Java 17+ installation ("
                + (version.isEmpty() ? "no release file next to its bin directory" : "Java " + version.getAsInt())
                + "); children must run Java 17 or later");
        }
        return new ProcessContext(startMethod, javaExecutable.toAbsolutePath().toString(), jvmOptions, serializer(), output,
            error);
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
    public ProcessContext withJvmOptions(String... options) {
        return withJvmOptions(Arrays.asList(options));
    }

    /**
     * A context whose children get these JVM options; see {@link #withJvmOptions(String...)}.
     *
     * @param options JVM options
     * @return the new context
     */
    public ProcessContext withJvmOptions(List<String> options) {
        List<String> copy = new ArrayList<>(options.size());
        for (String option : options) {
            if (option == null || option.isBlank()) {
                throw new IllegalArgumentException("JVM options must not be null or blank: " + options);
            }
            copy.add(option);
        }
        return new ProcessContext(startMethod, executable, copy, serializer(), output, error);
    }

    /**
     * The serializer that sends process objects (and later queue items, tasks and results) to children.
     *
     * @return the serializer
     */
    public Serializer serializer() {
        Serializer current = serializer;
        if (current == null) {
            current = KryoSerializer.class.getName().equals(serializerClass)
                ? DefaultSerializer.INSTANCE
                : Serializer.forClassName(serializerClass);
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
    public ProcessContext withSerializer(Serializer serializer) {
        return new ProcessContext(startMethod, executable, jvmOptions, serializer, output, error);
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
    public ProcessContext withOutput(Redirect output, Redirect error) {
        if (output == Redirect.PIPE || error == Redirect.PIPE) {
            throw new IllegalArgumentException("Redirect.PIPE would fill up and block the child, since nobody reads it; "
                + "redirect to a file (Redirect.to/appendTo) or keep the default, Redirect.INHERIT");
        }
        return new ProcessContext(startMethod, executable, jvmOptions, serializer(), output, error);
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
     * A new, unstarted process that runs {@code target} in a child JVM. Python's {@code ctx.Process(target=...)}.
     *
     * @param target what the child runs; it and everything it captures are serialized
     * @return the process, to be {@link ChildProcess#start() started}
     */
    public ChildProcess process(SerializableRunnable target) {
        return new ChildProcess(this, null, target);
    }

    /**
     * A new, unstarted, named process that runs {@code target} in a child JVM.
     *
     * @param name   the process name, as {@link ChildProcess#name()} reports it in both processes
     * @param target what the child runs
     * @return the process
     */
    public ChildProcess process(String name, SerializableRunnable target) {
        return new ChildProcess(this, Objects.requireNonNull(name, "name"), target);
    }

    /**
     * A new process that calls {@code target.accept(arg)} in a child JVM: Python's
     * {@code Process(target=f, args=(arg,))}.
     *
     * @param target the function the child calls
     * @param arg    its argument, serialized with it
     * @param <A>    the argument type
     * @return the process
     */
    public <A> ChildProcess process(SerializableConsumer<A> target, A arg) {
        Objects.requireNonNull(target, "target");
        return process(() -> target.accept(arg));
    }

    /**
     * A new process that calls {@code target.accept(first, second)} in a child JVM: Python's
     * {@code Process(target=f, args=(first, second))}.
     *
     * @param target the function the child calls
     * @param first  its first argument
     * @param second its second argument
     * @param <A>    the first argument type
     * @param <B>    the second argument type
     * @return the process
     */
    public <A, B> ChildProcess process(SerializableBiConsumer<A, B> target, A first, B second) {
        Objects.requireNonNull(target, "target");
        return process(() -> target.accept(first, second));
    }

    // ---- Pipes and queues (issue 3: io.multiprocess.connection, io.multiprocess.queues) ----

    /**
     * A new pipe whose ends serialize with this context's serializer. Python's {@code ctx.Pipe(duplex)}.
     *
     * @param duplex true for two-way; false for one-way (the first end receives, the second sends)
     * @return the two ends
     */
    public io.multiprocess.connection.Pipe pipe(boolean duplex) {
        return io.multiprocess.connection.Pipe.open(duplex, serializer(), io.multiprocess.connection.Connection.DEFAULT_PIPE_MAX_FRAME);
    }

    /**
     * A new queue shared by processes. Python's {@code ctx.Queue(maxsize)}.
     *
     * @param maxsize the most items it holds; zero or negative for no bound
     * @param <E>     the item type
     * @return the queue
     */
    public <E> io.multiprocess.queues.ProcessQueue<E> queue(int maxsize) {
        return new io.multiprocess.queues.ProcessQueue<>(maxsize, serializer());
    }

    /**
     * A new simple queue (no feeder thread). Python's {@code ctx.SimpleQueue()}.
     *
     * @param <E> the item type
     * @return the queue
     */
    public <E> io.multiprocess.queues.SimpleQueue<E> simpleQueue() {
        return new io.multiprocess.queues.SimpleQueue<>(serializer());
    }

    /**
     * A new joinable queue. Python's {@code ctx.JoinableQueue(maxsize)}.
     *
     * @param maxsize the most items it holds; zero or negative for no bound
     * @param <E>     the item type
     * @return the queue
     */
    public <E> io.multiprocess.queues.JoinableQueue<E> joinableQueue(int maxsize) {
        return new io.multiprocess.queues.JoinableQueue<>(maxsize, serializer());
    }

    @Override
    public String toString() {
        return "ProcessContext[" + startMethod.pythonName()
            + (executable != null ? ", executable=" + executable : "")
            + (jvmOptions.isEmpty() ? "" : ", jvmOptions=" + jvmOptions)
            + ", serializer=" + serializerClass.substring(serializerClass.lastIndexOf('.') + 1) + "]";
    }

    /** The default serializer, shared: its pools of Kryo instances serve every context. */
    private static final class DefaultSerializer {
        static final Serializer INSTANCE = new KryoSerializer();
    }
}
