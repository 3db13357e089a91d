package io.multiprocess.context;

import io.multiprocess.StartMethod;
import io.multiprocess.connection.Connection;
import io.multiprocess.connection.Pipe;
import io.multiprocess.function.SerializableBiConsumer;
import io.multiprocess.function.SerializableConsumer;
import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.managers.SharedMemoryManager;
import io.multiprocess.managers.SyncManager;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolBuilder;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.process.ProcessSettings;
import io.multiprocess.queues.JoinableQueue;
import io.multiprocess.queues.ProcessQueue;
import io.multiprocess.queues.SimpleQueue;
import io.multiprocess.serialization.ReferencePassingSerializer;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.sharedctypes.SharedArray;
import io.multiprocess.sharedctypes.SharedCTypes;
import io.multiprocess.sharedctypes.SharedStruct;
import io.multiprocess.sharedctypes.SharedStructArray;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A start method together with the settings of the child JVMs it starts, and the factories of the
 * library's objects bound to them. Python's {@code multiprocessing.get_context(method)}.
 *
 * <p>Immutable (but for the scope of a scoped context): the {@code with...} methods return a new context. Obtain one with
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
 * {@link #pool()} gives a {@link io.multiprocess.pool.ThreadPool} (nothing is serialized), and queues and
 * pipes pass their items by reference, the same objects, as Python's {@code multiprocessing.dummy} does
 * (they then cannot travel to a child JVM); locks, shared values and shared memory are the cross-process
 * ones in every context, and serve threads of one JVM just as well.
 *
 * <p><b>Life cycle.</b> What a plain context creates follows the JVM-wide rules: segments are unlinked
 * when their objects are dropped or the JVM exits, processes run until they end. A {@linkplain #scoped()
 * scoped} context (see {@link io.multiprocess.Multiprocess#scopedContext(String)}) also records what its
 * factories create and releases it on {@link #close()}, for a unit of work, a test or an application
 * context that must leave no process, segment or socket file behind.
 *
 * <p>The settings ({@link ProcessSettings}) are a separate immutable object that the layers below take;
 * this class adds the factories on top. A child adopts its parent's settings as its default in its entry
 * point, together with the reductions and logging settings it inherits.
 */
public final class ProcessContext implements Serializable, AutoCloseable {

    @Serial
    private static final long serialVersionUID = 2L;

    /** How many spare JVMs a forkserver keeps ready per child configuration, unless a context says otherwise. */
    public static final int DEFAULT_FORKSERVER_SPARES = ProcessSettings.DEFAULT_FORKSERVER_SPARES;

    /** How long {@link #close()} waits for a process it stopped, after SIGTERM and again after SIGKILL. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final ProcessSettings settings;
    // Not sent to children (null there): what a scoped context created belongs to the process that created it.
    private final transient @Nullable OwnedResources owned;
    private final transient @Nullable List<Consumer<? super PoolBuilder>> poolCustomizers;

    private ProcessContext(ProcessSettings settings) {
        this(settings, null, List.of());
    }

    private ProcessContext(
            ProcessSettings settings,
            @Nullable OwnedResources owned,
            List<Consumer<? super PoolBuilder>> poolCustomizers) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.owned = owned;
        this.poolCustomizers = poolCustomizers;
    }

    /** A context with other settings that shares this one's owner and pool customizers. */
    private ProcessContext derive(ProcessSettings newSettings) {
        return new ProcessContext(newSettings, owned, customizers());
    }

    private List<Consumer<? super PoolBuilder>> customizers() {
        List<Consumer<? super PoolBuilder>> list = poolCustomizers;
        return list == null ? List.of() : list;
    }

    /**
     * A context with these settings that owns what its factories create, and releases it on
     * {@link #close()}: one life cycle for a unit of work, a test or an application context, while what
     * the rest of the program creates keeps the JVM-wide rules (released when it is dropped, or when the
     * JVM exits, or by the resource tracker after a crash). See {@link #close()} for what is released.
     * Contexts derived from the new one with the {@code with...} methods share its scope: closing any of
     * them closes it.
     *
     * <pre>{@code
     * try (ProcessContext ctx = Multiprocess.getContext("spawn").scoped()) {
     *     ProcessLock lock = ctx.lock();
     *     Pool pool = ctx.pool(2);
     *     pool.map(x -> x * 2, List.of(1, 2, 3));
     * } // the pool's workers are gone and the lock's segment unlinked
     * }</pre>
     *
     * <p>The scope stays in this process: a scoped context sent to a child arrives there as a plain one.
     *
     * @return a new scoped context, open
     */
    public ProcessContext scoped() {
        return new ProcessContext(settings, new OwnedResources(), customizers());
    }

    /**
     * Whether this context owns what it creates (see {@link #scoped()}).
     *
     * @return true for a scoped context, open or closed
     */
    public boolean isScoped() {
        return owned != null;
    }

    /**
     * Whether this scoped context was closed. A plain context is never closed.
     *
     * @return true after {@link #close()} of a scoped context
     */
    public boolean isClosed() {
        OwnedResources resources = owned;
        return resources != null && resources.isClosed();
    }

    /**
     * Releases what this scoped context created, newest first, and makes its factories refuse to create
     * more ({@link io.multiprocess.ProcessStateException}). For a plain context it does nothing (what it
     * creates follows the JVM-wide rules). Closing twice does nothing.
     *
     * <ul>
     *   <li>processes ({@link #process}) that still run get SIGTERM, then SIGKILL if they have not ended
     *       10 s later, and are waited for;</li>
     *   <li>pools built by {@link #pool()} or {@link #poolBuilder()} are terminated and joined: their
     *       workers end and their socket files are removed;</li>
     *   <li>managers ({@link #manager()}, {@link #sharedMemoryManager()}) are shut down: their server
     *       process ends, its socket file is removed and the shared memory it created is unlinked;</li>
     *   <li>the shared-memory segments of locks, semaphores, conditions, events, barriers, values and
     *       arrays are unlinked (processes that have them mapped keep using them; new processes cannot
     *       attach), and queues and pipes are closed in this process. Those the application dropped before
     *       were already released by the garbage collector.</li>
     * </ul>
     *
     * <p>Blocks until the processes ended (each given 10 s after SIGTERM and again after SIGKILL).
     *
     * @throws io.multiprocess.MultiprocessException if something could not be released (the rest was;
     *     each failure is a suppressed exception)
     */
    @Override
    public void close() {
        OwnedResources resources = owned;
        if (resources != null) {
            resources.close();
        }
    }

    /**
     * A context whose {@link #poolBuilder()} (and so {@link #pool()}) passes each new builder to this
     * customizer, after those added before: to give every pool of the context a listener (metrics) or an
     * {@link PoolBuilder#onBuild(Consumer) action on build}. Settings the caller sets on the builder
     * afterwards win. Customizers stay in this process (a context sent to a child has none) and are kept by
     * the {@code with...} methods.
     *
     * @param customizer adjusts each new pool builder
     * @return the new context
     */
    public ProcessContext withPoolCustomizer(Consumer<? super PoolBuilder> customizer) {
        Objects.requireNonNull(customizer, "customizer");
        List<Consumer<? super PoolBuilder>> list = new ArrayList<>(customizers());
        list.add(customizer);
        return new ProcessContext(settings, owned, List.copyOf(list));
    }

    /** Records a resource that the garbage collector releases when it is dropped, if this context is scoped. */
    private <T> T owned(T resource, Consumer<? super T> release) {
        OwnedResources resources = owned;
        return resources == null ? resource : resources.ownWeakly(resource, release);
    }

    private void checkOpen() {
        OwnedResources resources = owned;
        if (resources != null) {
            resources.checkOpen();
        }
    }

    private ChildProcess ownedProcess(ChildProcess process) {
        OwnedResources resources = owned;
        return resources == null
                ? process
                : resources.ownStrongly(process, p -> p.pid().isPresent() && !p.isAlive(), ProcessContext::stopProcess);
    }

    private static void stopProcess(ChildProcess process) {
        try {
            if (!process.isAlive()) {
                return;
            }
        } catch (io.multiprocess.ProcessStateException closedByItsUser) {
            return;
        }
        process.terminate();
        if (!process.join(STOP_WAIT)) {
            process.kill();
            process.join(STOP_WAIT);
        }
    }

    private static void stopPool(Pool pool) {
        pool.terminate();
        pool.join(STOP_WAIT);
    }

    /**
     * A context for a start method with default settings: the parent's Java executable, the library's
     * JVM options, the Kryo serializer, inherited standard output and error.
     *
     * @param startMethod the start method
     * @return the context
     */
    public static ProcessContext of(StartMethod startMethod) {
        return new ProcessContext(ProcessSettings.of(startMethod));
    }

    /**
     * The context of some settings: their factories.
     *
     * @param settings the settings
     * @return the context
     */
    public static ProcessContext of(ProcessSettings settings) {
        return new ProcessContext(settings);
    }

    /**
     * The settings of this context, which the layers below the context (processes, pools, managers) take.
     *
     * @return the immutable settings
     */
    public ProcessSettings settings() {
        return settings;
    }

    /**
     * The start method of the processes this context starts.
     *
     * @return the start method
     */
    public StartMethod startMethod() {
        return settings.startMethod();
    }

    /**
     * The Java executable that child JVMs run, if one was set; empty means the parent's own. Python's
     * {@code get_executable()}.
     *
     * @return the executable, or empty for the parent's
     */
    public Optional<Path> executable() {
        return settings.executable();
    }

    /**
     * A context whose children run another Java executable. Python's {@code set_executable()}.
     *
     * @param javaExecutable the {@code java} launcher to run, e.g. {@code /usr/lib/jvm/temurin-25/bin/java}
     * @return the new context
     * @throws IllegalArgumentException if the file does not exist, is not executable, or is not the
     *     {@code bin/java} of a Java 17+ installation
     * @see ProcessSettings#withExecutable(Path)
     */
    public ProcessContext withExecutable(Path javaExecutable) {
        return derive(settings.withExecutable(javaExecutable));
    }

    /**
     * The JVM options given to child JVMs after the library's own, so that they take precedence.
     *
     * @return the options, unmodifiable
     */
    public List<String> jvmOptions() {
        return settings.jvmOptions();
    }

    /**
     * A context whose children get these JVM options (replacing any set before), after the library's
     * defaults, so that they can override every one of them. For example {@code "-Xmx512m"}.
     *
     * @param options JVM options
     * @return the new context
     * @throws IllegalArgumentException if an option is null or blank
     */
    public ProcessContext withJvmOptions(String... options) {
        return derive(settings.withJvmOptions(options));
    }

    /**
     * A context whose children get these JVM options; see {@link #withJvmOptions(String...)}.
     *
     * @param options JVM options
     * @return the new context
     * @throws IllegalArgumentException if an option is null or blank
     */
    public ProcessContext withJvmOptions(List<String> options) {
        return derive(settings.withJvmOptions(options));
    }

    /**
     * The serializer that sends process objects, queue items, tasks and results to children.
     *
     * @return the serializer
     */
    public Serializer serializer() {
        return settings.serializer();
    }

    /**
     * A context that serializes with another serializer, e.g. {@code new JdkSerializer()}. The child
     * creates its own instance of the same class, which therefore needs a public no-argument constructor.
     *
     * @param serializer the serializer
     * @return the new context
     */
    public ProcessContext withSerializer(Serializer serializer) {
        return derive(settings.withSerializer(serializer));
    }

    /**
     * A context whose children write their standard output and error elsewhere than the parent's, for
     * example {@code Redirect.appendTo(logFile)}. By default both are inherited, as in Python.
     *
     * @param output where children's standard output goes
     * @param error  where children's standard error goes ({@link Redirect#PIPE} is not allowed)
     * @return the new context
     * @throws IllegalArgumentException for {@link Redirect#PIPE}
     */
    public ProcessContext withOutput(Redirect output, Redirect error) {
        return derive(settings.withOutput(output, error));
    }

    /**
     * Where children's standard output goes.
     *
     * @return the redirection; {@link Redirect#INHERIT} by default
     */
    public Redirect output() {
        return settings.output();
    }

    /**
     * Where children's standard error goes.
     *
     * @return the redirection; {@link Redirect#INHERIT} by default
     */
    public Redirect error() {
        return settings.error();
    }

    /**
     * Whether processes of this context run on threads of this JVM (start method {@code "thread"}, Python's
     * {@code multiprocessing.dummy}) rather than in child JVMs. Then nothing is serialized: a process's target
     * and arguments, pool tasks and results, and the items of this context's queues and pipes are passed as
     * the same objects; what still copies is what lives in shared memory by nature (values, arrays,
     * {@code SharedMemory}) and a manager's proxies, which talk to their server over a socket.
     *
     * @return true for the {@code "thread"} start method
     */
    public boolean isThreadBacked() {
        return settings.isThreadBacked();
    }

    /**
     * How many spare JVMs the forkserver keeps started and warmed up for children of this context.
     *
     * @return the number of spares, {@value #DEFAULT_FORKSERVER_SPARES} unless set
     */
    public int forkserverSpares() {
        return settings.forkserverSpares();
    }

    /**
     * A context whose forkserver keeps {@code spares} JVMs ready for its children; see
     * {@link ProcessSettings#withForkserverSpares(int)}.
     *
     * @param spares the number of spare JVMs, 0 to 64
     * @return the new context
     * @throws IllegalArgumentException if {@code spares} is out of range
     */
    public ProcessContext withForkserverSpares(int spares) {
        return derive(settings.withForkserverSpares(spares));
    }

    /**
     * The classes the forkserver's spare JVMs load and initialize before they wait for work.
     *
     * @return the class names
     */
    public List<String> forkserverPreload() {
        return settings.forkserverPreload();
    }

    /**
     * A context whose forkserver spares load and initialize these classes while they wait for work:
     * Python's {@code set_forkserver_preload(module_names)}.
     *
     * @param classNames fully qualified class names, e.g. {@code "com.acme.Model"}
     * @return the new context
     * @throws IllegalArgumentException if a name is null or blank
     */
    public ProcessContext withForkserverPreload(String... classNames) {
        return derive(settings.withForkserverPreload(classNames));
    }

    /**
     * The command line a child JVM of this context runs: Python's {@code spawn.get_command_line()}.
     *
     * @return the command line: executable, JVM options, class path, main class
     * @throws UnsupportedOperationException for a thread-backed context, which starts no JVM
     * @throws io.multiprocess.ProcessStartException if the library is not on a class path children can use
     */
    public List<String> commandLine() {
        return settings.commandLine();
    }

    /**
     * A new, unstarted process that runs {@code target} in a child JVM. Python's {@code ctx.Process(target=...)}.
     *
     * @param target what the child runs; it and everything it captures are serialized
     * @return the process, to be {@link ChildProcess#start() started}
     */
    public ChildProcess process(SerializableRunnable target) {
        return ownedProcess(new ChildProcess(settings, null, target));
    }

    /**
     * A new, unstarted, named process that runs {@code target} in a child JVM.
     *
     * @param name   the process name, as {@link ChildProcess#name()} reports it in both processes
     * @param target what the child runs
     * @return the process
     */
    public ChildProcess process(String name, SerializableRunnable target) {
        return ownedProcess(new ChildProcess(settings, Objects.requireNonNull(name, "name"), target));
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
    public <A extends @Nullable Object> ChildProcess process(SerializableConsumer<A> target, A arg) {
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
    public <A extends @Nullable Object, B extends @Nullable Object> ChildProcess process(
            SerializableBiConsumer<A, B> target, A first, B second) {
        Objects.requireNonNull(target, "target");
        return process(() -> target.accept(first, second));
    }

    // They do not depend on the start method; they are here so that code written against a context
    // finds every factory in one place, as Python's ctx.Lock(), ctx.Value()...

    /**
     * A new lock shared between processes. Python's {@code ctx.Lock()}.
     *
     * @return the lock, in a new shared-memory segment
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessLock lock() {
        return owned(new ProcessLock(), ProcessLock::unlink);
    }

    /**
     * A new re-entrant lock shared between processes. Python's {@code ctx.RLock()}.
     *
     * @return the lock
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ReentrantProcessLock rlock() {
        return owned(new ReentrantProcessLock(), ReentrantProcessLock::unlink);
    }

    /**
     * A new semaphore with value 1. Python's {@code ctx.Semaphore()}.
     *
     * @return the semaphore
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessSemaphore semaphore() {
        return owned(new ProcessSemaphore(1), ProcessSemaphore::unlink);
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
        return owned(new ProcessSemaphore(value), ProcessSemaphore::unlink);
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
        return owned(new BoundedProcessSemaphore(value), BoundedProcessSemaphore::unlink);
    }

    /**
     * A new condition with its own re-entrant lock. Python's {@code ctx.Condition()}.
     *
     * @return the condition
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessCondition condition() {
        return owned(new ProcessCondition(), ProcessCondition::unlink);
    }

    /**
     * A new condition bound to a lock. Python's {@code ctx.Condition(lock)}.
     *
     * @param lock the lock; null for a new re-entrant lock
     * @return the condition
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessCondition condition(@Nullable AbstractProcessLock lock) {
        return owned(new ProcessCondition(lock), ProcessCondition::unlink);
    }

    /**
     * A new event, clear. Python's {@code ctx.Event()}.
     *
     * @return the event
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessEvent event() {
        return owned(new ProcessEvent(), ProcessEvent::unlink);
    }

    /**
     * A new barrier. Python's {@code ctx.Barrier(parties)}.
     *
     * @param parties how many parties must arrive
     * @return the barrier
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public ProcessBarrier barrier(int parties) {
        return owned(new ProcessBarrier(parties), ProcessBarrier::unlink);
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
    public ProcessBarrier barrier(int parties, @Nullable SerializableRunnable action, @Nullable Duration timeout) {
        return owned(new ProcessBarrier(parties, action, timeout), ProcessBarrier::unlink);
    }

    /**
     * A new shared value with its own re-entrant lock. Python's {@code ctx.Value(typecode, initial)}.
     *
     * @param type    the type
     * @param initial the initial value (a Number, Character or Boolean; null for zero)
     * @return the value
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public SharedValue value(TypeCode type, @Nullable Object initial) {
        return owned(SharedCTypes.value(type, initial), SharedValue::unlink);
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
    public SharedValue value(String typecode, @Nullable Object initial) {
        return owned(SharedCTypes.value(TypeCode.of(typecode), initial), SharedValue::unlink);
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
    public SharedValue value(TypeCode type, @Nullable Object initial, boolean lock) {
        return owned(SharedCTypes.value(type, initial, lock), SharedValue::unlink);
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
    public SharedValue value(TypeCode type, @Nullable Object initial, AbstractProcessLock lock) {
        return owned(SharedCTypes.value(type, initial, lock), SharedValue::unlink);
    }

    /**
     * A new shared value without a lock. Python's {@code ctx.RawValue(typecode, initial)}.
     *
     * @param type    the type
     * @param initial the initial value
     * @return the value
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public SharedValue rawValue(TypeCode type, @Nullable Object initial) {
        return owned(SharedCTypes.rawValue(type, initial), SharedValue::unlink);
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
        return owned(SharedCTypes.array(type, sizeOrInitializer), SharedArray::unlink);
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
        return owned(SharedCTypes.array(TypeCode.of(typecode), sizeOrInitializer), SharedArray::unlink);
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
        return owned(SharedCTypes.array(type, sizeOrInitializer, lock), SharedArray::unlink);
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
        return owned(SharedCTypes.array(type, sizeOrInitializer, lock), SharedArray::unlink);
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
        return owned(SharedCTypes.rawArray(type, sizeOrInitializer), SharedArray::unlink);
    }

    /**
     * A new shared structure with its own re-entrant lock: a record of primitive components laid out as a
     * ctypes {@code Structure}. Python's {@code ctx.Value(Point, x, y)}.
     *
     * @param type    the record class
     * @param initial the initial value, or null for all fields zero
     * @param <R>     the record type
     * @return the structure
     * @throws IllegalArgumentException if the record has a component that is not a primitive or such a record
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public <R extends Record> SharedStruct<R> value(Class<R> type, @Nullable R initial) {
        return owned(SharedCTypes.value(type, initial), SharedStruct::unlink);
    }

    /**
     * A new shared array of zeroed structures with its own re-entrant lock. Python's {@code ctx.Array(Point, n)}.
     *
     * @param type   the record class
     * @param length the number of elements
     * @param <R>    the record type
     * @return the array
     * @throws IllegalArgumentException if the record cannot be laid out, or the length is negative
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public <R extends Record> SharedStructArray<R> array(Class<R> type, int length) {
        return owned(SharedCTypes.array(type, length), SharedStructArray::unlink);
    }

    /**
     * A new shared array of structures with its own re-entrant lock. Python's
     * {@code ctx.Array(Point, [(1.875, -6.25), (-5.75, 2.0)])}.
     *
     * @param type     the record class
     * @param elements the initial elements
     * @param <R>      the record type
     * @return the array
     * @throws IllegalArgumentException if the record cannot be laid out
     * @throws io.multiprocess.MultiprocessException if the segment cannot be created
     */
    public <R extends Record> SharedStructArray<R> array(Class<R> type, List<? extends R> elements) {
        return owned(SharedCTypes.array(type, elements), SharedStructArray::unlink);
    }

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
        checkOpen();
        PoolBuilder builder = Pool.builder().settings(settings);
        OwnedResources resources = owned;
        if (resources != null) {
            builder.onBuild(pool -> resources.ownStrongly(pool, Pool::isTerminated, ProcessContext::stopPool));
        }
        customizers().forEach(customizer -> customizer.accept(builder));
        return builder;
    }

    /**
     * A new pipe whose ends serialize with this context's serializer. Python's {@code ctx.Pipe(duplex)}.
     *
     * @param duplex true for two-way; false for one-way (the first end receives, the second sends)
     * @return the two ends
     */
    public Pipe pipe(boolean duplex) {
        return owned(Pipe.open(duplex, itemSerializer(), Connection.DEFAULT_PIPE_MAX_FRAME), Pipe::close);
    }

    /**
     * How a queue or pipe of this context passes items: serialized with the context's serializer, or, in a
     * thread-backed context, by reference (as Python's {@code multiprocessing.dummy} shares objects).
     */
    private Serializer itemSerializer() {
        return isThreadBacked() ? new ReferencePassingSerializer() : settings.serializer();
    }

    /**
     * A new queue shared by processes. Python's {@code ctx.Queue(maxsize)}.
     *
     * @param maxsize the most items it holds; zero or negative for no bound
     * @param <E>     the item type
     * @return the queue
     */
    public <E> ProcessQueue<E> queue(int maxsize) {
        return owned(new ProcessQueue<E>(maxsize, itemSerializer()), ProcessQueue::close);
    }

    /**
     * The queues ({@link #queue}, {@link #simpleQueue}, {@link #joinableQueue}) that this scoped context (or
     * a context derived from it) created and that are still open and held by the application, oldest first:
     * for monitoring their depth ({@link ProcessQueue#qsize()}). A plain context records nothing: empty.
     *
     * @return the open queues
     */
    public List<ProcessQueue<?>> queues() {
        OwnedResources resources = owned;
        if (resources == null) {
            return List.of();
        }
        List<ProcessQueue<?>> open = new ArrayList<>();
        for (ProcessQueue<?> queue : resources.held(ProcessQueue.class)) {
            if (!queue.isClosed()) {
                open.add(queue);
            }
        }
        return open;
    }

    /**
     * A new simple queue (no feeder thread). Python's {@code ctx.SimpleQueue()}.
     *
     * @param <E> the item type
     * @return the queue
     */
    public <E> SimpleQueue<E> simpleQueue() {
        return owned(new SimpleQueue<E>(itemSerializer()), SimpleQueue::close);
    }

    /**
     * A new joinable queue. Python's {@code ctx.JoinableQueue(maxsize)}.
     *
     * @param maxsize the most items it holds; zero or negative for no bound
     * @param <E>     the item type
     * @return the queue
     */
    public <E> JoinableQueue<E> joinableQueue(int maxsize) {
        return owned(new JoinableQueue<E>(maxsize, itemSerializer()), JoinableQueue::close);
    }

    /**
     * A started {@link SyncManager} whose server is a child process of this
     * context (a thread of this JVM for a thread-backed context). Python's {@code ctx.Manager()}. Shut it
     * down when done (try-with-resources); it is shut down when this process exits anyway.
     *
     * @return the started manager
     * @throws io.multiprocess.ProcessStartException if its server process cannot start
     */
    public SyncManager manager() {
        checkOpen();
        SyncManager manager = new SyncManager(null, null, settings.serializer()).withContext(settings);
        manager.start();
        OwnedResources resources = owned;
        return resources == null ? manager : resources.ownStrongly(manager, m -> false, SyncManager::close);
    }

    /**
     * A started {@link SharedMemoryManager} whose server is a child process of
     * this context. Python's {@code SharedMemoryManager()} followed by {@code start()}.
     *
     * @return the started manager
     * @throws io.multiprocess.ProcessStartException if its server process cannot start
     */
    public SharedMemoryManager sharedMemoryManager() {
        checkOpen();
        SharedMemoryManager manager = new SharedMemoryManager(null, null, settings.serializer()).withContext(settings);
        manager.start();
        OwnedResources resources = owned;
        return resources == null ? manager : resources.ownStrongly(manager, m -> false, SharedMemoryManager::close);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof ProcessContext context
                && context.settings.equals(settings)
                && context.owned == owned
                && context.customizers().equals(customizers());
    }

    @Override
    public int hashCode() {
        return settings.hashCode();
    }

    @Override
    public String toString() {
        return settings.toString().replaceFirst("^ProcessSettings", "ProcessContext");
    }
}
