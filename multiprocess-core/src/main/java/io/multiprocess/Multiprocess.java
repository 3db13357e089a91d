package io.multiprocess;

import io.multiprocess.connection.Pipe;
import io.multiprocess.context.DefaultContext;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.forkserver.ForkServer;
import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.managers.SharedMemoryManager;
import io.multiprocess.managers.SyncManager;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolBuilder;
import io.multiprocess.process.BaseProcess;
import io.multiprocess.process.ChildClassPath;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.process.JavaRuntimes;
import io.multiprocess.process.Processes;
import io.multiprocess.queues.JoinableQueue;
import io.multiprocess.queues.ProcessQueue;
import io.multiprocess.queues.SimpleQueue;
import io.multiprocess.sharedctypes.SharedArray;
import io.multiprocess.sharedctypes.SharedStruct;
import io.multiprocess.sharedctypes.SharedStructArray;
import io.multiprocess.sharedctypes.SharedValue;
import io.multiprocess.sharedctypes.TypeCode;
import io.multiprocess.synchronize.BoundedProcessSemaphore;
import io.multiprocess.synchronize.ProcessBarrier;
import io.multiprocess.synchronize.ProcessCondition;
import io.multiprocess.synchronize.ProcessEvent;
import io.multiprocess.synchronize.ProcessLock;
import io.multiprocess.synchronize.ProcessSemaphore;
import io.multiprocess.synchronize.ReentrantProcessLock;
import io.multiprocess.util.MultiprocessLogger;
import io.multiprocess.util.ProcessLogging;
import io.multiprocess.util.ProcessTempDir;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.event.Level;

/**
 * The module-level functions of Python's {@code multiprocessing}, for Java: the current process, its
 * parent and children, contexts and start methods, and factories that use the default context.
 *
 * <pre>{@code
 * import static io.multiprocess.Multiprocess.*;
 *
 * ChildProcess p = process(() -> System.out.println("child " + currentProcess().name()));
 * p.start();
 * p.join();
 * }</pre>
 */
public final class Multiprocess {

    private Multiprocess() {}

    /**
     * The process this code runs in: {@code "MainProcess"} in the main program, the
     * {@link ChildProcess} object itself in a child. Python's {@code current_process()}.
     *
     * @return the current process
     */
    public static BaseProcess currentProcess() {
        return Processes.current();
    }

    /**
     * The process that started this one. Python's {@code parent_process()}.
     *
     * @return the parent, or empty in the main program
     */
    public static Optional<BaseProcess> parentProcess() {
        return Processes.parent();
    }

    /**
     * The children of this process that are still running; those that ended are forgotten (reaped), as
     * Python's {@code active_children()} does.
     *
     * @return the running children
     */
    public static List<ChildProcess> activeChildren() {
        return Processes.activeChildren();
    }

    /**
     * The number of CPUs available to this JVM (honouring container limits). Python's {@code cpu_count()}.
     *
     * @return at least 1
     */
    public static int cpuCount() {
        return Processes.cpuCount();
    }

    /**
     * The default context. Python's {@code get_context()}.
     *
     * @return the default context
     */
    public static ProcessContext getContext() {
        return DefaultContext.get();
    }

    /**
     * A context for a start method, by its Python name. Python's {@code get_context(method)}.
     *
     * @param method {@code "spawn"}, {@code "forkserver"}, or {@code "thread"} for the thread-backed context
     *               (Python's {@code multiprocessing.dummy})
     * @return the default context if it uses this method, else a new context with default settings
     * @throws UnsupportedStartMethodException for {@code "fork"} (explaining why) and unknown names
     */
    public static ProcessContext getContext(String method) {
        return getContext(StartMethod.of(method));
    }

    /**
     * A context for a start method.
     *
     * @param method the start method
     * @return the default context if it uses this method, else a new context with default settings
     */
    public static ProcessContext getContext(StartMethod method) {
        ProcessContext current = DefaultContext.get();
        return current.startMethod() == method ? current : ProcessContext.of(method);
    }

    /**
     * A scoped context with the default context's settings: it releases what it creates when it is
     * closed (see {@link ProcessContext#scoped()} and {@link ProcessContext#close()}), while what plain
     * {@code Multiprocess.*} calls create keeps the JVM-wide rules.
     *
     * @return a new scoped context, open; close it (try-with-resources)
     */
    public static ProcessContext scopedContext() {
        return getContext().scoped();
    }

    /**
     * A scoped context for a start method, by its Python name: it releases what it creates when it is
     * closed.
     *
     * <pre>{@code
     * try (ProcessContext ctx = Multiprocess.scopedContext("spawn")) {
     *     ChildProcess p = ctx.process(() -> System.out.println("hello"));
     *     p.start();
     *     SharedValue counter = ctx.value(TypeCode.INT, 0);
     * } // p has ended (SIGTERM if it still ran), counter's segment is unlinked
     * }</pre>
     *
     * @param method {@code "spawn"}, {@code "forkserver"} or {@code "thread"}
     * @return a new scoped context, open; close it (try-with-resources)
     * @throws UnsupportedStartMethodException for {@code "fork"} and unknown names
     * @see ProcessContext#scoped()
     */
    public static ProcessContext scopedContext(String method) {
        return getContext(method).scoped();
    }

    /**
     * The start method of the default context. Python's {@code get_start_method()}.
     *
     * @return the start method
     */
    public static StartMethod getStartMethod() {
        return DefaultContext.get().startMethod();
    }

    /**
     * Sets the default start method, once. Python's {@code set_start_method(method, force)}.
     *
     * @param method {@code "spawn"}, {@code "forkserver"} or {@code "thread"}
     * @param force  replace a default that was already set or used
     * @throws ProcessStateException if already set and {@code force} is false
     * @throws UnsupportedStartMethodException for {@code "fork"} and unknown names
     */
    public static void setStartMethod(String method, boolean force) {
        DefaultContext.set(ProcessContext.of(StartMethod.of(method)), force);
    }

    /**
     * The start methods available here, the default first: {@code ["spawn", "forkserver"]}. Python's
     * {@code get_all_start_methods()}. The thread-backed {@code "thread"} is not listed, as Python does not list
     * {@code multiprocessing.dummy}, but {@link #getContext(String)} accepts it.
     *
     * @return the Python names of the start methods
     */
    public static List<String> getAllStartMethods() {
        return StartMethod.processBased().stream().map(StartMethod::pythonName).toList();
    }

    /**
     * Sets the Java executable of the default context's children. Python's {@code set_executable()}.
     *
     * @param javaExecutable a {@code java} launcher, JDK 17 or later
     * @throws IllegalArgumentException if it is not an executable file
     */
    public static void setExecutable(Path javaExecutable) {
        DefaultContext.set(DefaultContext.get().withExecutable(javaExecutable), true);
    }

    // Start methods and child start-up

    /**
     * The Java executable that children of the default context run. Python's {@code get_executable()}.
     *
     * @return the executable set with {@link #setExecutable(Path)}, or this JVM's own {@code bin/java}
     */
    public static Path getExecutable() {
        return DefaultContext.get().executable().orElseGet(JavaRuntimes::parentExecutable);
    }

    /**
     * The command line of a child JVM of the default context: executable, JVM options, class path, main
     * class. Python's {@code spawn.get_command_line()}.
     *
     * @return the command line
     * @throws UnsupportedOperationException when the default context is thread-backed
     * @throws ProcessStartException if the library is not on a class path children can use
     */
    public static List<String> getCommandLine() {
        return DefaultContext.get().commandLine();
    }

    /**
     * Prepares child processes of an application packaged as one executable jar (a Spring Boot jar run
     * with {@code java -jar}), whose nested jars a child JVM's class path cannot reach: the jar's classes and
     * libraries are extracted once into a private cache directory and children get them as a plain class
     * path. Python's {@code freeze_support()}. Optional: the first child start does the same; calling it at
     * the top of {@code main} moves that cost (well under a second, once per build of the jar) to start-up.
     * Does nothing for other applications.
     *
     * @throws ProcessStartException if the application's class path cannot serve children (the message says
     *     what to set)
     */
    public static void freezeSupport() {
        ChildClassPath.prepare();
    }

    /**
     * This process's private temporary directory (mode 0700), which the library uses for socket files and
     * which is removed with its contents when the process exits. Python's {@code util.get_temp_dir()};
     * see {@link io.multiprocess.util.ProcessTempDir}.
     *
     * @return its absolute path, created on first use
     * @throws MultiprocessException if it cannot be created, with the reason
     */
    public static Path getTempDir() {
        return ProcessTempDir.get();
    }

    /**
     * Sets the classes that forkserver spares load and initialize before they wait for work. Python's
     * {@code set_forkserver_preload(module_names)}; see {@link io.multiprocess.forkserver.ForkServer#setPreload}.
     *
     * @param classNames fully qualified class names
     */
    public static void setForkserverPreload(String... classNames) {
        ForkServer.setPreload(classNames);
    }

    /**
     * A new, unstarted process of the default context. Python's {@code Process(target=...)}.
     *
     * @param target what the child runs
     * @return the process
     */
    public static ChildProcess process(SerializableRunnable target) {
        return DefaultContext.get().process(target);
    }

    // ---- Logging (io.multiprocess.util) ----

    /**
     * The library's logger, whose lines carry the process name and pid. Python's
     * {@code multiprocessing.get_logger()}; see {@link ProcessLogging}.
     *
     * @return the logger, whose level {@link MultiprocessLogger#setLevel(Level)} sets
     */
    public static MultiprocessLogger getLogger() {
        return ProcessLogging.getLogger();
    }

    /**
     * Sends the library's log lines of {@code level} and above to standard error, in this process and
     * the children it starts afterwards. Python's {@code multiprocessing.log_to_stderr(level)}; see
     * {@link ProcessLogging#logToStderr(Level)}.
     *
     * @param level the lowest level written
     * @return the library's logger
     */
    public static MultiprocessLogger logToStderr(Level level) {
        return ProcessLogging.logToStderr(level);
    }
    // ---- Synchronization primitives and shared values, from the default context ----

    /**
     * A new lock shared between processes. Python's {@code multiprocessing.Lock()}.
     *
     * @return the lock
     * @throws MultiprocessException if its shared-memory segment cannot be created
     */
    public static ProcessLock lock() {
        return DefaultContext.get().lock();
    }

    /**
     * A new re-entrant lock shared between processes. Python's {@code multiprocessing.RLock()}.
     *
     * @return the lock
     * @throws MultiprocessException if its shared-memory segment cannot be created
     */
    public static ReentrantProcessLock rlock() {
        return DefaultContext.get().rlock();
    }

    /**
     * A new semaphore. Python's {@code multiprocessing.Semaphore(value)}.
     *
     * @param value the initial value, zero or more
     * @return the semaphore
     * @throws MultiprocessException if its shared-memory segment cannot be created
     */
    public static ProcessSemaphore semaphore(int value) {
        return DefaultContext.get().semaphore(value);
    }

    /**
     * A new bounded semaphore. Python's {@code multiprocessing.BoundedSemaphore(value)}.
     *
     * @param value the initial and maximum value, 1 or more
     * @return the semaphore
     * @throws MultiprocessException if its shared-memory segment cannot be created
     */
    public static BoundedProcessSemaphore boundedSemaphore(int value) {
        return DefaultContext.get().boundedSemaphore(value);
    }

    /**
     * A new condition with its own re-entrant lock. Python's {@code multiprocessing.Condition()}.
     *
     * @return the condition
     * @throws MultiprocessException if its shared-memory segment cannot be created
     */
    public static ProcessCondition condition() {
        return DefaultContext.get().condition();
    }

    /**
     * A new event. Python's {@code multiprocessing.Event()}.
     *
     * @return the event, clear
     * @throws MultiprocessException if its shared-memory segment cannot be created
     */
    public static ProcessEvent event() {
        return DefaultContext.get().event();
    }

    /**
     * A new barrier. Python's {@code multiprocessing.Barrier(parties)}.
     *
     * @param parties how many parties must arrive
     * @return the barrier
     * @throws MultiprocessException if its shared-memory segment cannot be created
     */
    public static ProcessBarrier barrier(int parties) {
        return DefaultContext.get().barrier(parties);
    }

    /**
     * A new shared value with its own lock. Python's {@code multiprocessing.Value(typecode, initial)}.
     *
     * @param type    the type
     * @param initial the initial value
     * @return the value
     * @throws MultiprocessException if its shared-memory segment cannot be created
     */
    public static SharedValue value(TypeCode type, @Nullable Object initial) {
        return DefaultContext.get().value(type, initial);
    }

    /**
     * A new shared array with its own lock. Python's {@code multiprocessing.Array(typecode, size_or_initializer)}.
     *
     * @param type              the element type
     * @param sizeOrInitializer a length or the initial elements
     * @return the array
     * @throws MultiprocessException if its shared-memory segment cannot be created
     */
    public static SharedArray array(TypeCode type, Object sizeOrInitializer) {
        return DefaultContext.get().array(type, sizeOrInitializer);
    }

    /**
     * A new shared value without a lock. Python's {@code multiprocessing.RawValue(typecode, initial)}.
     *
     * @param type    the type
     * @param initial the initial value
     * @return the value
     * @throws MultiprocessException if its shared-memory segment cannot be created
     */
    public static SharedValue rawValue(TypeCode type, @Nullable Object initial) {
        return DefaultContext.get().rawValue(type, initial);
    }

    /**
     * A new shared array without a lock. Python's {@code multiprocessing.RawArray(typecode, size_or_initializer)}.
     *
     * @param type              the element type
     * @param sizeOrInitializer a length or the initial elements
     * @return the array
     * @throws MultiprocessException if its shared-memory segment cannot be created
     */
    public static SharedArray rawArray(TypeCode type, Object sizeOrInitializer) {
        return DefaultContext.get().rawArray(type, sizeOrInitializer);
    }

    /**
     * A new shared structure with its own lock: a record of primitive components laid out as a ctypes
     * {@code Structure}. Python's {@code multiprocessing.Value(Point, x, y)}.
     *
     * @param type    the record class
     * @param initial the initial value, or null for zeros
     * @param <R>     the record type
     * @return the structure
     * @throws IllegalArgumentException if the record has a component that is not a primitive or such a record
     * @throws MultiprocessException if its shared-memory segment cannot be created
     */
    public static <R extends Record> SharedStruct<R> value(Class<R> type, @Nullable R initial) {
        return DefaultContext.get().value(type, initial);
    }

    /**
     * A new shared array of structures with its own lock. Python's
     * {@code multiprocessing.Array(Point, [(1.875, -6.25), (-5.75, 2.0)])}.
     *
     * @param type     the record class
     * @param elements the initial elements
     * @param <R>      the record type
     * @return the array
     * @throws IllegalArgumentException if the record cannot be laid out
     * @throws MultiprocessException if its shared-memory segment cannot be created
     */
    public static <R extends Record> SharedStructArray<R> array(Class<R> type, List<? extends R> elements) {
        return DefaultContext.get().array(type, elements);
    }

    // ---------------------------------------------------------------------------------------------
    // Pools

    /**
     * A pool of worker processes of the default context, one per CPU. Python's {@code Pool()}.
     *
     * @return the running pool
     * @throws ProcessStartException if a worker JVM cannot be launched
     */
    public static Pool pool() {
        return DefaultContext.get().pool();
    }

    /**
     * A pool of {@code processes} worker processes of the default context. Python's {@code Pool(processes)}.
     *
     * @param processes the number of workers, at least 1
     * @return the running pool
     * @throws IllegalArgumentException if {@code processes} is below 1
     * @throws ProcessStartException if a worker JVM cannot be launched
     */
    public static Pool pool(int processes) {
        return DefaultContext.get().pool(processes);
    }

    /**
     * A builder for a pool of the default context (initializer, maxTasksPerChild, task timeout).
     *
     * @return the builder
     */
    public static PoolBuilder poolBuilder() {
        return DefaultContext.get().poolBuilder();
    }

    // ---- Pipes and queues ----

    /**
     * A new pipe of the default context. Python's {@code Pipe(duplex)}.
     *
     * @param duplex true for two-way; false for one-way (the first end receives, the second sends)
     * @return the two ends
     */
    public static Pipe pipe(boolean duplex) {
        return DefaultContext.get().pipe(duplex);
    }

    /**
     * A new queue of the default context. Python's {@code Queue(maxsize)}.
     *
     * @param maxsize the most items it holds; zero or negative for no bound
     * @param <E>     the item type
     * @return the queue
     */
    public static <E> ProcessQueue<E> queue(int maxsize) {
        return DefaultContext.get().queue(maxsize);
    }

    /**
     * A new simple queue of the default context. Python's {@code SimpleQueue()}.
     *
     * @param <E> the item type
     * @return the queue
     */
    public static <E> SimpleQueue<E> simpleQueue() {
        return DefaultContext.get().simpleQueue();
    }

    /**
     * A new joinable queue of the default context. Python's {@code JoinableQueue(maxsize)}.
     *
     * @param maxsize the most items it holds; zero or negative for no bound
     * @param <E>     the item type
     * @return the queue
     */
    public static <E> JoinableQueue<E> joinableQueue(int maxsize) {
        return DefaultContext.get().joinableQueue(maxsize);
    }

    // ---- Managers, from the default context ----

    /**
     * A started {@link io.multiprocess.managers.SyncManager}. Python's {@code multiprocessing.Manager()}.
     *
     * @return the started manager; shut it down when done (try-with-resources)
     * @throws io.multiprocess.ProcessStartException if its server process cannot start
     */
    public static SyncManager manager() {
        return getContext().manager();
    }

    /**
     * A started {@link io.multiprocess.managers.SharedMemoryManager}. Python's
     * {@code SharedMemoryManager()} followed by {@code start()}.
     *
     * @return the started manager; shut it down when done (try-with-resources)
     * @throws io.multiprocess.ProcessStartException if its server process cannot start
     */
    public static SharedMemoryManager sharedMemoryManager() {
        return getContext().sharedMemoryManager();
    }
}
