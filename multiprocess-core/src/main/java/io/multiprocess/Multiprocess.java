package io.multiprocess;

import io.multiprocess.context.DefaultContext;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.process.BaseProcess;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.process.Processes;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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

    private Multiprocess() {
    }

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
        return Runtime.getRuntime().availableProcessors();
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
     * @param method {@code "spawn"}
     * @return a new context with default settings
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
     * @param method {@code "spawn"}
     * @param force  replace a default that was already set or used
     * @throws ProcessStateException if already set and {@code force} is false
     * @throws UnsupportedStartMethodException for {@code "fork"} and unknown names
     */
    public static void setStartMethod(String method, boolean force) {
        DefaultContext.set(ProcessContext.of(StartMethod.of(method)), force);
    }

    /**
     * The start methods available here, the default first. Python's {@code get_all_start_methods()}.
     *
     * @return the Python names of the start methods
     */
    public static List<String> getAllStartMethods() {
        return Arrays.stream(StartMethod.values()).map(StartMethod::pythonName).toList();
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

    /**
     * A new, unstarted process of the default context. Python's {@code Process(target=...)}.
     *
     * @param target what the child runs
     * @return the process
     */
    public static ChildProcess process(SerializableRunnable target) {
        return DefaultContext.get().process(target);
    }

    // ---- Pipes and queues (issue 3: io.multiprocess.connection, io.multiprocess.queues) ----

    /**
     * A new pipe of the default context. Python's {@code Pipe(duplex)}.
     *
     * @param duplex true for two-way; false for one-way (the first end receives, the second sends)
     * @return the two ends
     */
    public static io.multiprocess.connection.Pipe pipe(boolean duplex) {
        return DefaultContext.get().pipe(duplex);
    }

    /**
     * A new queue of the default context. Python's {@code Queue(maxsize)}.
     *
     * @param maxsize the most items it holds; zero or negative for no bound
     * @param <E>     the item type
     * @return the queue
     */
    public static <E> io.multiprocess.queues.ProcessQueue<E> queue(int maxsize) {
        return DefaultContext.get().queue(maxsize);
    }

    /**
     * A new simple queue of the default context. Python's {@code SimpleQueue()}.
     *
     * @param <E> the item type
     * @return the queue
     */
    public static <E> io.multiprocess.queues.SimpleQueue<E> simpleQueue() {
        return DefaultContext.get().simpleQueue();
    }

    /**
     * A new joinable queue of the default context. Python's {@code JoinableQueue(maxsize)}.
     *
     * @param maxsize the most items it holds; zero or negative for no bound
     * @param <E>     the item type
     * @return the queue
     */
    public static <E> io.multiprocess.queues.JoinableQueue<E> joinableQueue(int maxsize) {
        return DefaultContext.get().joinableQueue(maxsize);
    }
}
