package io.multiprocess.pool;

import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.process.DefaultSettings;
import io.multiprocess.process.ProcessSettings;
import io.multiprocess.process.Processes;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a pool: Python's {@code Pool(processes, initializer, initargs, maxtasksperchild,
 * context)}, plus a task timeout. Obtain one from {@link Pool#builder()} or
 * {@code ctx.poolBuilder()}:
 *
 * <pre>{@code
 * Pool pool = ctx.poolBuilder()
 *     .processes(4)
 *     .initializer(() -> Db.connect())        // once per worker, before its first task
 *     .maxTasksPerChild(1000)                 // recycle workers
 *     .taskTimeout(Duration.ofMinutes(1))     // kill a worker whose task runs longer
 *     .build();
 * }</pre>
 *
 * <p>Not thread-safe; each {@code build()} makes a new pool with the current settings.
 */
public final class PoolBuilder {

    private @Nullable ProcessSettings context;
    private int processes;
    private @Nullable SerializableRunnable initializer;
    private int maxTasksPerChild;
    private @Nullable Duration taskTimeout;
    private PoolListener listener = PoolListener.NONE;
    private boolean allowMemoryOvercommit;
    private @Nullable Consumer<? super Pool> onBuild;
    private @Nullable TaskContextPropagator taskContext;

    /**
     * What a worker process is reckoned to cost when its heap is not capped: the resident memory of an idle
     * warm worker with the library's defaults, measured on the CI machine (60-70 MB), rounded down.
     */
    public static final long DEFAULT_WORKER_BYTES = 64L << 20;
    /** What a worker costs beside its heap: metaspace, code cache, thread stacks, the JVM itself. */
    static final long WORKER_OVERHEAD_BYTES = 48L << 20;

    PoolBuilder() {}

    /**
     * The settings (of a context: {@code ProcessContext.settings()}) whose start method and child-JVM
     * options the workers use (Python's {@code context} argument). Unset: the default context's at
     * {@link #build()} time. {@code ProcessContext.poolBuilder()} gives a builder with its settings.
     *
     * @param settings the settings
     * @return this builder
     */
    public PoolBuilder settings(ProcessSettings settings) {
        this.context = Objects.requireNonNull(settings, "settings");
        return this;
    }

    /**
     * The number of workers. Unset (or 0): {@link Processes#cpuCount()}, as Python's {@code None}.
     *
     * @param processes at least 1, or 0 for the default
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public PoolBuilder processes(int processes) {
        if (processes < 0) {
            throw new IllegalArgumentException(
                    "processes must be at least 1 (or 0 for the CPU count), not " + processes);
        }
        this.processes = processes;
        return this;
    }

    /**
     * What every worker runs once, before its first task: Python's {@code initializer(*initargs)} (capture
     * the arguments in the lambda). If it throws, that worker exits and is replaced; after three such
     * failures in a row the pool breaks down rather than retry forever.
     *
     * @param initializer the initializer, or null for none
     * @return this builder
     */
    public PoolBuilder initializer(@Nullable SerializableRunnable initializer) {
        this.initializer = initializer;
        return this;
    }

    /**
     * How many tasks a worker runs before it exits and is replaced by a fresh one (Python's
     * {@code maxtasksperchild}), to free what leaky tasks hold. As in Python, a chunk of a map counts as
     * one task. A worker is never given more tasks than its quota. Unset (or 0): workers live as long as the pool.
     *
     * @param maxTasksPerChild at least 1, or 0 for no limit
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public PoolBuilder maxTasksPerChild(int maxTasksPerChild) {
        if (maxTasksPerChild < 0) {
            throw new IllegalArgumentException(
                    "maxTasksPerChild must be at least 1 (or 0 for no limit), not " + maxTasksPerChild);
        }
        this.maxTasksPerChild = maxTasksPerChild;
        return this;
    }

    /**
     * The longest a task may run, counted from when its worker starts it. A task that runs longer is
     * killed with its worker (a thread pool interrupts the thread instead), its result fails with
     * {@link io.multiprocess.pool.TaskTimeoutException}, and a replacement worker starts. For a chunk of
     * {@code map}/{@code imap} the limit is this times the number of items in the chunk. Unset: no limit.
     *
     * @param taskTimeout a positive duration, or null for no limit
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     */
    public PoolBuilder taskTimeout(@Nullable Duration taskTimeout) {
        if (taskTimeout != null && (taskTimeout.isZero() || taskTimeout.isNegative())) {
            throw new IllegalArgumentException("taskTimeout must be positive, not " + taskTimeout);
        }
        this.taskTimeout = taskTimeout;
        return this;
    }

    /**
     * Lets the pool start more workers than this machine's memory holds. By default {@link #build()}
     * refuses, before it starts anything, a number of workers whose JVMs cannot fit in physical memory
     * (each reckoned at its {@code -Xmx} plus {@value #WORKER_OVERHEAD_BYTES} bytes, or at
     * {@link #DEFAULT_WORKER_BYTES} when the heap is not capped): such a pool would start JVMs until the
     * kernel's out-of-memory killer ends the application. Allow it when you know better (workers that
     * exit at once, memory that will be added).
     *
     * @param allow true to skip the check
     * @return this builder
     */
    public PoolBuilder allowMemoryOvercommit(boolean allow) {
        this.allowMemoryOvercommit = allow;
        return this;
    }

    /**
     * Checks the settings against this machine without starting anything: what {@link #build()} checks
     * first. For callers that build the pool later (on first use, say) and want a bad setting to fail now.
     *
     * @throws IllegalArgumentException if the workers cannot fit in this machine's memory (see
     *     {@link #allowMemoryOvercommit(boolean)})
     */
    public void validate() {
        ProcessSettings effective = context != null ? context : DefaultSettings.get();
        if (!effective.isThreadBacked()) {
            checkMemory(effective, effectiveProcesses());
        }
    }

    private void checkMemory(ProcessSettings settings, int workers) {
        if (allowMemoryOvercommit) {
            return;
        }
        long physical = physicalMemory();
        if (physical <= 0) {
            return;
        }
        long heap = maxHeap(settings.jvmOptions());
        long perWorker = heap > 0 ? heap + WORKER_OVERHEAD_BYTES : DEFAULT_WORKER_BYTES;
        if ((double) perWorker * workers > physical) {
            long fits = Math.max(1, physical / perWorker);
            throw new IllegalArgumentException("A pool of " + workers + " worker processes needs about "
                    + mebibytes(perWorker * (double) workers) + " (" + mebibytes(perWorker) + " each, "
                    + (heap > 0
                            ? "their -Xmx of " + mebibytes(heap) + " plus the JVM's own"
                            : "an idle worker's resident memory")
                    + "), more than this machine's " + mebibytes(physical) + " of memory: set processes to at most "
                    + fits
                    + " (the CPU count, " + Processes.cpuCount() + ", is the usual choice), or allow it with "
                    + "allowMemoryOvercommit(true)");
        }
    }

    /** The last heap cap among JVM options ({@code -Xmx}, {@code -XX:MaxHeapSize=}), in bytes; 0 for none. */
    static long maxHeap(List<String> options) {
        long heap = 0;
        for (String option : options) {
            String value = option.startsWith("-Xmx")
                    ? option.substring(4)
                    : option.startsWith("-XX:MaxHeapSize=") ? option.substring("-XX:MaxHeapSize=".length()) : null;
            if (value == null || value.isEmpty()) {
                continue;
            }
            char unit = Character.toLowerCase(value.charAt(value.length() - 1));
            long factor = switch (unit) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                case 't' -> 1L << 40;
                default -> 1;
            };
            String digits = factor == 1 ? value : value.substring(0, value.length() - 1);
            try {
                heap = Long.parseLong(digits) * factor;
            } catch (NumberFormatException notANumber) {
                // The child JVM refuses it itself, with its own message.
            }
        }
        return heap;
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    private static String mebibytes(double bytes) {
        return bytes >= (1L << 30)
                ? String.format(Locale.ROOT, "%.1f GiB", bytes / (1L << 30))
                : String.format(Locale.ROOT, "%.0f MiB", bytes / (1L << 20));
    }

    /**
     * Adds a listener that is told about the pool's tasks and workers, for metrics (see
     * {@link PoolListener}). Several may be added; each is told, in the order they were added. Unset: nobody.
     *
     * @param listener the listener
     * @return this builder
     */
    public PoolBuilder listener(PoolListener listener) {
        Objects.requireNonNull(listener, "listener");
        PoolListener before = this.listener;
        this.listener = before == PoolListener.NONE ? listener : new PoolListeners(before, listener);
        return this;
    }

    /**
     * Adds an action that gets each pool this builder builds, right after its workers were started and
     * before {@link #build()} returns it: for an owner that must close the pool later (a scoped
     * {@code ProcessContext}) or watch it. Several may be added; each runs, in the order they were added.
     * If one throws, the pool is terminated and {@code build()} throws that exception.
     *
     * @param action what to do with each new pool
     * @return this builder
     */
    public PoolBuilder onBuild(Consumer<? super Pool> action) {
        Objects.requireNonNull(action, "action");
        Consumer<? super Pool> before = this.onBuild;
        this.onBuild = before == null
                ? action
                : pool -> {
                    before.accept(pool);
                    action.accept(pool);
                };
        return this;
    }

    /**
     * Carries the caller's context (a trace) with every task to its worker and hears back how each task
     * ran, for tracing (see {@link TaskContextPropagator}). Unset: nothing is carried.
     *
     * @param propagator the propagator, or null for none
     * @return this builder
     */
    public PoolBuilder taskContext(@Nullable TaskContextPropagator propagator) {
        this.taskContext = propagator;
        return this;
    }

    /**
     * Starts a pool of worker processes with these settings. The workers are started here (their JVMs
     * boot in the background; tasks wait for them). With a thread-backed context ({@code "thread"}, Python's
     * {@code multiprocessing.dummy}) the pool is a {@link ThreadPool}, as Python's {@code dummy.Pool} is.
     *
     * @return the running pool
     * @throws IllegalArgumentException if the workers cannot fit in this machine's memory (see
     *     {@link #allowMemoryOvercommit(boolean)})
     * @throws io.multiprocess.SerializationException if the initializer cannot be serialized
     * @throws io.multiprocess.ProcessStartException if a worker JVM cannot be launched
     */
    public Pool build() {
        ProcessSettings effective = context != null ? context : DefaultSettings.get();
        if (effective.isThreadBacked()) {
            return buildThreadPool();
        }
        checkMemory(effective, effectiveProcesses());
        ProcessPool pool =
                new ProcessPool(effective, effectiveProcesses(), initializer, maxTasksPerChild, taskTimeout, listener);
        pool.propagator = taskContext;
        return built(pool);
    }

    /**
     * Starts a pool of threads of this JVM with these settings (the context is not used). Python's
     * {@code ThreadPool(processes, initializer)}.
     *
     * @return the running thread pool
     */
    public ThreadPool buildThreadPool() {
        ThreadPool pool = new ThreadPool(effectiveProcesses(), initializer, maxTasksPerChild, taskTimeout, listener);
        pool.propagator = taskContext;
        return built(pool);
    }

    private <P extends Pool> P built(P pool) {
        Consumer<? super Pool> action = onBuild;
        if (action != null) {
            try {
                action.accept(pool);
            } catch (RuntimeException | Error e) {
                pool.terminate();
                throw e;
            }
        }
        return pool;
    }

    private int effectiveProcesses() {
        return processes > 0 ? processes : Processes.cpuCount();
    }
}
