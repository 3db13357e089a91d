package io.multiprocess.context;

import io.multiprocess.StartMethod;
import io.multiprocess.function.SerializableBiConsumer;
import io.multiprocess.function.SerializableConsumer;
import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolBuilder;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.process.ChildJvmCommand;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.serialization.Reduction;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.util.ProcessLogging;
import io.multiprocess.sharedctypes.SharedArray;
import io.multiprocess.sharedctypes.SharedCTypes;
import io.multiprocess.sharedctypes.SharedValue;
import io.multiprocess.sharedctypes.TypeCode;
import io.multiprocess.synchronize.AbstractProcessLock;
import io.multiprocess.synchronize.BoundedProcessSemaphore;
import io.multiprocess.synchronize.ProcessBarrier;
import io.multiprocess.synchronize.ProcessCondition;
import io.multiprocess.synchronize.ProcessEvent;
import io.multiprocess.synchronize.ProcessLock;
import io.multiprocess.synchronize.ProcessSemaphore;
import io.multiprocess.synchronize.ReentrantProcessLock;
import java.io.Serial;
import java.io.Serializable;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 *
 * <p>Start methods: {@code "spawn"} starts a fresh JVM per process; {@code "forkserver"} hands the
 * process to a spare JVM that a server started and warmed up in advance ({@link #withForkserverSpares},
 * {@link #withForkserverPreload}, {@link io.multiprocess.forkserver.ForkServer}); {@code "thread"} runs it
 * on a thread of this JVM, as Python's {@code multiprocessing.dummy} does. Every factory of the library
 * lives here and follows the start method: for a {@linkplain #isThreadBacked() thread-backed} context
 * {@link #pool()} gives a {@link io.multiprocess.pool.ThreadPool} (nothing is serialized); queues, pipes,
 * locks and shared values are the cross-process ones in every context, and serve threads of one JVM
 * just as well.
 *
 * <p>A serialized context also carries what children inherit from the process that serializes it: the
 * {@link Reduction reductions} registered there, the level of
 * {@link ProcessLogging#logToStderr(org.slf4j.event.Level)} and whether children put their process into
 * the logging MDC ({@link ProcessLogging#MDC_PROPERTY}). The process that reads the context adopts those
 * it has not set itself (reductions for classes it has none for; the level if it does not log to
 * standard error yet), before it reads anything else its parent sent.
 */
public final class ProcessContext implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** How many spare JVMs a forkserver keeps ready per child configuration, unless a context says otherwise. */
    public static final int DEFAULT_FORKSERVER_SPARES = 2;

    private final StartMethod startMethod;
    private final String executable;
    private final List<String> jvmOptions;
    private final String serializerClass;
    private final int forkserverSpares;
    private final List<String> forkserverPreload;
    private transient volatile Serializer serializer;
    private final transient Redirect output;
    private final transient Redirect error;

    private ProcessContext(StartMethod startMethod, String executable, List<String> jvmOptions, Serializer serializer,
        Redirect output, Redirect error, int forkserverSpares, List<String> forkserverPreload) {
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
    private ProcessContext(StartMethod startMethod, String executable, List<String> jvmOptions, String serializerClass,
        int forkserverSpares, List<String> forkserverPreload) {
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
    public static ProcessContext of(StartMethod startMethod) {
        return new ProcessContext(startMethod, null, List.of(), DefaultSerializer.INSTANCE, null, null,
            DEFAULT_FORKSERVER_SPARES, List.of());
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
            error, forkserverSpares, forkserverPreload);
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
        return new ProcessContext(startMethod, executable, copy, serializer(), output, error, forkserverSpares,
            forkserverPreload);
    }

    /**
     * The serializer that sends process objects (and later queue items, tasks and results) to children.
     *
     * @return the serializer
     */
    public Serializer serializer() {
        Serializer current = serializer;
        if (current == null) {
            current = serializerFor(serializerClass);
            serializer = current;
        }
        return current;
    }

    /**
     * The serializer of a class name, as a child creates it from the name its parent sent: the one shared
     * instance for {@link KryoSerializer} (so that its warmed-up Kryo instances serve every context), a new
     * instance otherwise.
     *
     * @param className the serializer's class name
     * @return the serializer
     * @throws io.multiprocess.SerializationException if the class cannot be found or instantiated
     */
    public static Serializer serializerFor(String className) {
        return KryoSerializer.class.getName().equals(className) ? DefaultSerializer.INSTANCE : Serializer.forClassName(className);
    }

    /**
     * A context that serializes with another serializer, e.g. {@code new JdkSerializer()}. The child
     * creates its own instance of the same class, which therefore needs a public no-argument constructor.
     *
     * @param serializer the serializer
     * @return the new context
     */
    public ProcessContext withSerializer(Serializer serializer) {
        return new ProcessContext(startMethod, executable, jvmOptions, serializer, output, error, forkserverSpares,
            forkserverPreload);
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
        return new ProcessContext(startMethod, executable, jvmOptions, serializer(), output, error, forkserverSpares,
            forkserverPreload);
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
    public ProcessContext withForkserverSpares(int spares) {
        if (spares < 0 || spares > 64) {
            throw new IllegalArgumentException("A forkserver keeps 0 to 64 spare JVMs per configuration, not " + spares);
        }
        return new ProcessContext(startMethod, executable, jvmOptions, serializer(), output, error, spares, forkserverPreload);
    }

    /**
     * The classes the forkserver's spare JVMs load and initialize before they wait for work; empty means
     * those of {@link io.multiprocess.forkserver.ForkServer#setPreload}.
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
    public ProcessContext withForkserverPreload(String... classNames) {
        List<String> names = new ArrayList<>();
        for (String name : classNames) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("Class names to preload must not be null or blank: "
                    + Arrays.toString(classNames));
            }
            names.add(name.trim());
        }
        return new ProcessContext(startMethod, executable, jvmOptions, serializer(), output, error, forkserverSpares, names);
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

    // ---- Synchronization primitives and shared values (issue 9: synchronize, sharedctypes) ----
    // They do not depend on the start method; they are here so that code written against a context
    // finds every factory in one place, as Python's ctx.Lock(), ctx.Value()...

    /**
     * A new lock shared between processes. Python's {@code ctx.Lock()}.
     *
     * @return the lock, in a new shared-memory segment
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessLock lock() {
        return new ProcessLock();
    }

    /**
     * A new re-entrant lock shared between processes. Python's {@code ctx.RLock()}.
     *
     * @return the lock
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ReentrantProcessLock rlock() {
        return new ReentrantProcessLock();
    }

    /**
     * A new semaphore with value 1. Python's {@code ctx.Semaphore()}.
     *
     * @return the semaphore
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessSemaphore semaphore() {
        return new ProcessSemaphore(1);
    }

    /**
     * A new semaphore. Python's {@code ctx.Semaphore(value)}.
     *
     * @param value the initial value, zero or more
     * @return the semaphore
     * @throws IllegalArgumentException for a negative value
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessSemaphore semaphore(int value) {
        return new ProcessSemaphore(value);
    }

    /**
     * A new bounded semaphore. Python's {@code ctx.BoundedSemaphore(value)}.
     *
     * @param value the initial and maximum value, 1 or more
     * @return the semaphore
     * @throws IllegalArgumentException for a value below 1
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public BoundedProcessSemaphore boundedSemaphore(int value) {
        return new BoundedProcessSemaphore(value);
    }

    /**
     * A new condition with its own re-entrant lock. Python's {@code ctx.Condition()}.
     *
     * @return the condition
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessCondition condition() {
        return new ProcessCondition();
    }

    /**
     * A new condition bound to a lock. Python's {@code ctx.Condition(lock)}.
     *
     * @param lock the lock; null for a new re-entrant lock
     * @return the condition
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessCondition condition(AbstractProcessLock lock) {
        return new ProcessCondition(lock);
    }

    /**
     * A new event, clear. Python's {@code ctx.Event()}.
     *
     * @return the event
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessEvent event() {
        return new ProcessEvent();
    }

    /**
     * A new barrier. Python's {@code ctx.Barrier(parties)}.
     *
     * @param parties how many parties must arrive
     * @return the barrier
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessBarrier barrier(int parties) {
        return new ProcessBarrier(parties);
    }

    /**
     * A new barrier with an action and a default timeout. Python's {@code ctx.Barrier(parties, action, timeout)}.
     *
     * @param parties how many parties must arrive
     * @param action  run by the last party to arrive, in its process; null for none
     * @param timeout the default timeout of {@code await()}; null for none
     * @return the barrier
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessBarrier barrier(int parties, SerializableRunnable action, Duration timeout) {
        return new ProcessBarrier(parties, action, timeout);
    }

    /**
     * A new shared value with its own re-entrant lock. Python's {@code ctx.Value(typecode, initial)}.
     *
     * @param type    the type
     * @param initial the initial value (a Number, Character or Boolean; null for zero)
     * @return the value
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public SharedValue value(TypeCode type, Object initial) {
        return SharedCTypes.value(type, initial);
    }

    /**
     * A new shared value, by Python type code ({@code "i"}, {@code "d"}...).
     *
     * @param typecode the type code
     * @param initial  the initial value
     * @return the value
     * @throws IllegalArgumentException for an unknown type code
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public SharedValue value(String typecode, Object initial) {
        return SharedCTypes.value(TypeCode.of(typecode), initial);
    }

    /**
     * A new shared value, with its own lock or none. Python's {@code ctx.Value(typecode, initial, lock=...)}.
     *
     * @param type    the type
     * @param initial the initial value
     * @param lock    true for its own re-entrant lock, false for none
     * @return the value
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public SharedValue value(TypeCode type, Object initial, boolean lock) {
        return SharedCTypes.value(type, initial, lock);
    }

    /**
     * A new shared value guarded by an existing lock.
     *
     * @param type    the type
     * @param initial the initial value
     * @param lock    the lock
     * @return the value
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public SharedValue value(TypeCode type, Object initial, AbstractProcessLock lock) {
        return SharedCTypes.value(type, initial, lock);
    }

    /**
     * A new shared value without a lock. Python's {@code ctx.RawValue(typecode, initial)}.
     *
     * @param type    the type
     * @param initial the initial value
     * @return the value
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public SharedValue rawValue(TypeCode type, Object initial) {
        return SharedCTypes.rawValue(type, initial);
    }

    /**
     * A new shared array with its own re-entrant lock. Python's {@code ctx.Array(typecode, size_or_initializer)}.
     *
     * @param type              the element type
     * @param sizeOrInitializer a length, or the initial elements (a primitive array, Object[], Collection,
     *                          or a String for CHAR)
     * @return the array
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public SharedArray array(TypeCode type, Object sizeOrInitializer) {
        return SharedCTypes.array(type, sizeOrInitializer);
    }

    /**
     * A new shared array, by Python type code.
     *
     * @param typecode          the type code
     * @param sizeOrInitializer a length or the initial elements
     * @return the array
     * @throws IllegalArgumentException for an unknown type code
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public SharedArray array(String typecode, Object sizeOrInitializer) {
        return SharedCTypes.array(TypeCode.of(typecode), sizeOrInitializer);
    }

    /**
     * A new shared array, with its own lock or none. Python's {@code ctx.Array(..., lock=...)}.
     *
     * @param type              the element type
     * @param sizeOrInitializer a length or the initial elements
     * @param lock              true for its own re-entrant lock, false for none
     * @return the array
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public SharedArray array(TypeCode type, Object sizeOrInitializer, boolean lock) {
        return SharedCTypes.array(type, sizeOrInitializer, lock);
    }

    /**
     * A new shared array guarded by an existing lock.
     *
     * @param type              the element type
     * @param sizeOrInitializer a length or the initial elements
     * @param lock              the lock
     * @return the array
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public SharedArray array(TypeCode type, Object sizeOrInitializer, AbstractProcessLock lock) {
        return SharedCTypes.array(type, sizeOrInitializer, lock);
    }

    /**
     * A new shared array without a lock. Python's {@code ctx.RawArray(typecode, size_or_initializer)}.
     *
     * @param type              the element type
     * @param sizeOrInitializer a length or the initial elements
     * @return the array
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public SharedArray rawArray(TypeCode type, Object sizeOrInitializer) {
        return SharedCTypes.rawArray(type, sizeOrInitializer);
    }

    // ---- end of issue 9's block ----

    // ---------------------------------------------------------------------------------------------
    // Pools (issue 4): Python's ctx.Pool(processes, initializer, initargs, maxtasksperchild)

    /**
     * A pool of worker processes of this context, one per CPU. Python's {@code ctx.Pool()}. The workers
     * start now; close the pool (try-with-resources, or {@code shutdown()} + {@code join()}) when done.
     *
     * @return the running pool
     * @throws io.multiprocess.ProcessStartException if a worker JVM cannot be launched
     */
    public Pool pool() {
        return poolBuilder().build();
    }

    /**
     * A pool of {@code processes} worker processes of this context. Python's {@code ctx.Pool(processes)}.
     *
     * @param processes the number of workers, at least 1
     * @return the running pool
     * @throws IllegalArgumentException if {@code processes} is below 1
     * @throws io.multiprocess.ProcessStartException if a worker JVM cannot be launched
     */
    public Pool pool(int processes) {
        if (processes < 1) {
            throw new IllegalArgumentException("A pool needs at least 1 process, not " + processes);
        }
        return poolBuilder().processes(processes).build();
    }

    /**
     * A builder for a pool of this context with an initializer, a task quota per worker or a task timeout.
     *
     * @return the builder
     */
    public PoolBuilder poolBuilder() {
        return Pool.builder().context(this);
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

    // ---- Managers (issue 5: io.multiprocess.managers) ----

    /**
     * A started {@link io.multiprocess.managers.SyncManager} whose server is a child process of this
     * context (a thread of this JVM for a thread-backed context). Python's {@code ctx.Manager()}. Shut it
     * down when done (try-with-resources); it is shut down when this process exits anyway.
     *
     * @return the started manager
     * @throws io.multiprocess.ProcessStartException if its server process cannot start
     */
    public io.multiprocess.managers.SyncManager manager() {
        io.multiprocess.managers.SyncManager manager = new io.multiprocess.managers.SyncManager(null, null, serializer())
            .withContext(this);
        manager.start();
        return manager;
    }

    /**
     * A started {@link io.multiprocess.managers.SharedMemoryManager} whose server is a child process of
     * this context. Python's {@code SharedMemoryManager()} followed by {@code start()}.
     *
     * @return the started manager
     * @throws io.multiprocess.ProcessStartException if its server process cannot start
     */
    public io.multiprocess.managers.SharedMemoryManager sharedMemoryManager() {
        io.multiprocess.managers.SharedMemoryManager manager =
            new io.multiprocess.managers.SharedMemoryManager(null, null, serializer()).withContext(this);
        manager.start();
        return manager;
    }

    // ---- end of issue 5's block ----

    @Override
    public String toString() {
        return "ProcessContext[" + startMethod.pythonName()
            + (executable != null ? ", executable=" + executable : "")
            + (jvmOptions.isEmpty() ? "" : ", jvmOptions=" + jvmOptions)
            + ", serializer=" + serializerClass.substring(serializerClass.lastIndexOf('.') + 1)
            + (startMethod == StartMethod.FORKSERVER ? ", spares=" + forkserverSpares
                + (forkserverPreload.isEmpty() ? "" : ", preload=" + forkserverPreload) : "") + "]";
    }

    /**
     * This context as a child's bootstrap frame carries it: its settings and what the child inherits (see
     * the class comment), written field by field, so that a child reads it without building a serializer.
     * Only the reductions the parent registered, if any, are serialized, with {@code serializer}.
     *
     * <p>Internal SPI: the library's launchers call it; {@link #fromBootstrapBytes} reads it back.
     *
     * @param serializer the serializer of the child's frame
     * @return the bytes
     */
    public byte[] toBootstrapBytes(Serializer serializer) {
        SerializedContext form = (SerializedContext) writeReplace();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(256);
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            form.writeTo(out, serializer);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a context written by {@link #toBootstrapBytes} and adopts what it carries from the parent
     * (reductions, logging settings), as a deserialized context does.
     *
     * <p>Internal SPI: a child calls it once, on its bootstrap frame.
     *
     * @param bytes           the bytes
     * @param serializerClass the frame's serializer class, created only when the parent registered reductions
     * @return the context
     * @throws io.multiprocess.SerializationException if the bytes are not a context
     */
    public static ProcessContext fromBootstrapBytes(byte[] bytes, String serializerClass) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            return (ProcessContext) SerializedContext.readFrom(in, serializerClass).readResolve();
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new io.multiprocess.SerializationException("Cannot read the context of a bootstrap frame ("
                + bytes.length + " bytes): " + e, e);
        }
    }

    @Serial
    private Object writeReplace() {
        return new SerializedContext(startMethod, executable, jvmOptions, serializerClass, Reduction.registrations(),
            ProcessLogging.stderrLevel().orElse(null), Boolean.getBoolean(ProcessLogging.MDC_PROPERTY), forkserverSpares,
            forkserverPreload);
    }

    /**
     * What a context travels as: its settings, and what the receiving process inherits from the sending
     * one (see the class comment).
     */
    private static final class SerializedContext implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        // A class, not a record: every child reads one first thing, and Kryo's record support costs a fresh
        // JVM some 20 ms (dynamic proxies, reflection) that plain fields do not.
        private final StartMethod startMethod;
        private final String executable;
        private final List<String> jvmOptions;
        private final String serializerClass;
        private final Reduction.Registrations reductions;
        private final org.slf4j.event.Level stderrLogLevel;
        private final boolean processInMdc;
        private final int forkserverSpares;
        private final List<String> forkserverPreload;

        SerializedContext(StartMethod startMethod, String executable, List<String> jvmOptions, String serializerClass,
            Reduction.Registrations reductions, org.slf4j.event.Level stderrLogLevel, boolean processInMdc,
            int forkserverSpares, List<String> forkserverPreload) {
            this.startMethod = startMethod;
            this.executable = executable;
            this.jvmOptions = jvmOptions;
            this.serializerClass = serializerClass;
            this.reductions = reductions;
            this.stderrLogLevel = stderrLogLevel;
            this.processInMdc = processInMdc;
            this.forkserverSpares = forkserverSpares;
            this.forkserverPreload = forkserverPreload;
        }

        void writeTo(java.io.DataOutputStream out, Serializer serializer) throws java.io.IOException {
            out.writeUTF(startMethod.name());
            writeOptional(out, executable);
            writeStrings(out, jvmOptions);
            out.writeUTF(serializerClass);
            writeOptional(out, stderrLogLevel == null ? null : stderrLogLevel.name());
            out.writeBoolean(processInMdc);
            out.writeInt(forkserverSpares);
            writeStrings(out, forkserverPreload);
            byte[] reduced = reductions == null || reductions.isEmpty() ? new byte[0] : serializer.serialize(reductions);
            out.writeInt(reduced.length);
            out.write(reduced);
        }

        static SerializedContext readFrom(java.io.DataInputStream in, String frameSerializer) throws java.io.IOException {
            StartMethod startMethod = StartMethod.valueOf(in.readUTF());
            String executable = readOptional(in);
            List<String> jvmOptions = readStrings(in);
            String serializerClass = in.readUTF();
            String level = readOptional(in);
            boolean processInMdc = in.readBoolean();
            int spares = in.readInt();
            List<String> preload = readStrings(in);
            int reducedLength = in.readInt();
            Reduction.Registrations reductions = null;
            if (reducedLength > 0) {
                byte[] reduced = in.readNBytes(reducedLength);
                if (reduced.length != reducedLength) {
                    throw new java.io.EOFException("the reductions end early");
                }
                reductions = (Reduction.Registrations) serializerFor(frameSerializer).deserialize(reduced);
            }
            return new SerializedContext(startMethod, executable, jvmOptions, serializerClass, reductions,
                level == null ? null : org.slf4j.event.Level.valueOf(level), processInMdc, spares, preload);
        }

        private static void writeOptional(java.io.DataOutputStream out, String value) throws java.io.IOException {
            out.writeBoolean(value != null);
            if (value != null) {
                out.writeUTF(value);
            }
        }

        private static String readOptional(java.io.DataInputStream in) throws java.io.IOException {
            return in.readBoolean() ? in.readUTF() : null;
        }

        private static void writeStrings(java.io.DataOutputStream out, List<String> values) throws java.io.IOException {
            out.writeInt(values.size());
            for (String value : values) {
                out.writeUTF(value);
            }
        }

        private static List<String> readStrings(java.io.DataInputStream in) throws java.io.IOException {
            int size = in.readInt();
            if (size < 0 || size > 65_536) {
                throw new java.io.IOException("a list of " + size + " strings");
            }
            String[] values = new String[size];
            for (int i = 0; i < size; i++) {
                values[i] = in.readUTF();
            }
            return List.of(values);
        }

        @Serial
        private Object readResolve() {
            if (reductions != null) {
                Reduction.inherit(reductions);
            }
            if (stderrLogLevel != null && ProcessLogging.stderrLevel().isEmpty()) {
                ProcessLogging.logToStderr(stderrLogLevel);
            }
            if (processInMdc && System.getProperty(ProcessLogging.MDC_PROPERTY) == null) {
                System.setProperty(ProcessLogging.MDC_PROPERTY, "true");
            }
            return new ProcessContext(startMethod, executable, jvmOptions, serializerClass, forkserverSpares,
                forkserverPreload);
        }
    }

    /** The default serializer, shared: its pools of Kryo instances serve every context. */
    private static final class DefaultSerializer {
        static final Serializer INSTANCE = new KryoSerializer();
    }
}
