package io.multiprocess.pool;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.SerializationException;
import io.multiprocess.function.SerializableBiFunction;
import io.multiprocess.function.SerializableCallable;
import io.multiprocess.function.SerializableFunction;
import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.serialization.SerializedLambdas;
import io.multiprocess.util.ProcessLogging;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * Python's pool API and the life cycle of a pool, built on an engine that runs {@link Task}s: worker
 * processes ({@link ProcessPool}), threads ({@link ThreadPool}) or a {@link TaskRunner}
 * ({@link RemotePool}). Everything here runs in the caller's thread: chunking, serialization (through
 * the engine's {@link #prepare}), and the bookkeeping of results. Internal.
 *
 * <p>The pieces around it, each given only the narrow view of the pool it needs:
 * <ul>
 *   <li>{@link ExecutorServiceAdapter}: the {@code ExecutorService} methods, to which this class
 *       delegates; it sees the pool as an {@link ExecutorServiceAdapter.Host}.</li>
 *   <li>{@link ImapJob}: one run of {@code imap}, with its input (feeder) thread; it sees the pool as a
 *       {@link JobHost}.</li>
 *   <li>{@link AsyncResult}: completed by a {@link TaskSink} ({@link ResultSinks}); it sees only the
 *       pool's callback thread, {@link PoolCallbacks}, as an {@code Executor}.</li>
 * </ul>
 * The two host views are private instances here, so that nothing of them becomes public on
 * {@code ThreadPool} or {@code RemotePool}.
 *
 * <p>How a task reaches a worker: a method of the API checks that the pool accepts tasks
 * ({@link #checkAccepting}), builds the {@link Task}s (one per call or per chunk of a map; an imap's
 * feeder builds them as it reads its input) with the sink that will receive their outcomes, has the
 * engine {@link #prepare} them, and {@link #enqueue}s them on {@link #pending}, under {@link #lock}.
 * The engine hands them to its workers; when one finishes, the engine calls
 * {@link #deliverCompleted} or {@link #deliverFailed}, outside the lock, which tells the listener and
 * the task's sink, and the sink completes the {@code AsyncResult} or the imap's buffer (callbacks then
 * run on the callback thread).
 */
abstract class AbstractPool implements Pool {

    static final Logger LOG = ProcessLogging.getLogger(Pool.class);

    private static final AtomicInteger POOL_NUMBERS = new AtomicInteger();

    /** Guards the pending tasks and the workers of the subclass. */
    final Object lock = new Object();
    /** Tasks accepted and not yet given to a worker. */
    final ArrayDeque<Task> pending = new ArrayDeque<>();
    /** Counts down once when the pool has ended (its workers exited). */
    final CountDownLatch terminated = new CountDownLatch(1);
    /** Python's RUN, CLOSE, TERMINATE. */
    volatile State state = State.RUNNING;

    /** Who submits a task: the answer decides the exception when the pool no longer accepts tasks. */
    enum Origin {
        /** Python's methods: {@code ProcessStateException}. */
        PYTHON,
        /** ExecutorService methods: {@code RejectedExecutionException}. */
        EXECUTOR,
        /** The input thread of an imap that started before shutdown: accepted until terminate. */
        FEEDER
    }

    /** The life cycle of a pool: Python's RUN, CLOSE, TERMINATE. */
    enum State {
        /** Accepting tasks. */
        RUNNING,
        /** Shut down (Python's close()): finishing the submitted work. */
        CLOSED,
        /** Terminated, or broken down: killing workers, failing what is pending. */
        TERMINATED
    }

    final int processes;
    final int number = POOL_NUMBERS.incrementAndGet();
    private final AtomicLong taskIds = new AtomicLong();
    private final AtomicInteger threadNumbers = new AtomicInteger();
    private final Set<ImapJob> imapJobs = ConcurrentHashMap.newKeySet();
    /** Runs the callbacks of the pool's results; the engine closes it once the pool has ended. */
    final PoolCallbacks callbacks = new PoolCallbacks("multiprocess-pool-" + number + "-callbacks");

    /** Told about tasks and workers (metrics); never null. */
    final PoolListener listener;

    /**
     * Carries the caller's context with each task (tracing); null for none. Set by the builder before the
     * pool is handed out, read on the submitting threads.
     */
    @Nullable
    TaskContextPropagator propagator;

    AbstractPool(int processes) {
        this(processes, PoolListener.NONE);
    }

    AbstractPool(int processes, @Nullable PoolListener listener) {
        if (processes < 1) {
            throw new IllegalArgumentException("A pool needs at least 1 process, not " + processes);
        }
        this.processes = processes;
        this.listener = listener != null ? listener : PoolListener.NONE;
    }

    // ---------------------------------------------------------------------------------- outcomes

    /** Hands a task's outcomes to its sink, after telling the listener how it went. */
    final void deliverCompleted(Task task, @Nullable Object[] outcomes, long workerPid, long runNanos) {
        Failure firstFailure = null;
        for (Object outcome : outcomes) {
            if (outcome instanceof Failure failure) {
                firstFailure = failure;
                break;
            }
        }
        // Most pools have neither a listener nor a task context: nothing is allocated for them here.
        if (listener != PoolListener.NONE || task.context != null) {
            PoolListener.Outcome finished =
                    firstFailure == null ? PoolListener.Outcome.COMPLETED : PoolListener.Outcome.FAILED;
            Duration runTime = Duration.ofNanos(Math.max(0, runNanos));
            notifyListener(() -> listener.taskFinished(finished, runTime));
            notifyListener(() -> listener.taskEnded(new PoolListener.TaskEnd(
                    task.id, task.sink.callId(), workerPid, task.outcomeCount(), finished, runTime)));
            if (task.context != null) {
                long pid = workerPid > 0 ? workerPid : ProcessHandle.current().pid();
                Throwable error = firstFailure == null ? null : firstFailure.error();
                finishContext(task, new TaskRun(pid, Instant.now(), runTime, error));
            }
        }
        task.sink.completed(task, outcomes, workerPid);
    }

    /** Hands a task's failure as a whole (worker lost, timeout, terminated) to its sink, after telling the listener. */
    final void deliverFailed(Task task, Throwable reason) {
        PoolListener.Outcome outcome = reason instanceof TaskTimeoutException
                ? PoolListener.Outcome.TIMED_OUT
                : reason instanceof PoolTerminatedException
                        ? PoolListener.Outcome.TERMINATED
                        : reason instanceof WorkerLostException
                                ? PoolListener.Outcome.WORKER_LOST
                                : PoolListener.Outcome.FAILED;
        notifyListener(() -> listener.taskFinished(outcome, Duration.ZERO));
        if (listener != PoolListener.NONE) {
            long started = task.startedNanos;
            Duration ran = started == 0 ? Duration.ZERO : Duration.ofNanos(Math.max(0, System.nanoTime() - started));
            long pid = workerPidOf(task);
            notifyListener(() -> listener.taskEnded(
                    new PoolListener.TaskEnd(task.id, task.sink.callId(), pid, task.outcomeCount(), outcome, ran)));
        }
        finishContext(task, new TaskRun(-1, Instant.now(), Duration.ZERO, reason));
        task.sink.failed(task, reason);
    }

    /** The pid of the worker a task was handed to, for the listener; 0 if none (or a thread). */
    long workerPidOf(Task task) {
        return 0;
    }

    /** The public name of a state; {@code isTerminated()} tells a shut-down pool that finished its work. */
    final PoolStats.State statsState(State state, boolean broken) {
        if (broken) {
            return PoolStats.State.BROKEN;
        }
        return switch (state) {
            case RUNNING -> PoolStats.State.RUNNING;
            case CLOSED -> isTerminated() ? PoolStats.State.TERMINATED : PoolStats.State.SHUT_DOWN;
            case TERMINATED -> PoolStats.State.TERMINATED;
        };
    }

    /**
     * Opens the task's context on the submitting thread, once the task is prepared (a task that cannot be
     * serialized gets none).
     */
    final void openContext(Task task) {
        TaskContextPropagator current = propagator;
        if (current == null) {
            return;
        }
        TaskContext context = current.open(
                new TaskContextPropagator.TaskInfo(toString(), task.sink.jobName(), task.id, task.outcomeCount()));
        if (context != null) {
            Map<String, String> headers = context.headers();
            task.headers = headers.isEmpty() ? null : Map.copyOf(headers);
            task.context = context;
        }
    }

    /** Tells the task's context how it ended, unless someone did already; what it throws is logged. */
    final void finishContext(Task task, TaskRun run) {
        TaskContext context = task.takeContext();
        if (context == null) {
            return;
        }
        try {
            context.finished(run);
        } catch (RuntimeException e) {
            LOG.warn("{}: the task context {} threw; ignored", this, context, e);
        }
    }

    /** Cancels a task for its caller, and ends its context. */
    final void cancelTask(Task task, boolean interrupt) {
        cancel(task, interrupt);
        if (task.cancelled) {
            finishContext(task, new TaskRun(-1, Instant.now(), Duration.ZERO, new CancellationException("cancelled")));
        }
    }

    /** Calls the listener; what it throws is logged, never passed on. */
    final void notifyListener(Runnable call) {
        if (listener == PoolListener.NONE) {
            return;
        }
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: the pool listener {} threw; ignored", this, listener, e);
        }
    }

    // ---------------------------------------------------------------------------------- the engine

    /** The reference to a task's function; a process pool serializes it here (caller's thread). */
    abstract FunctionRef functionRef(Object function);

    /** Makes a task ready to send; a process pool serializes its items here (caller's thread). */
    abstract void prepare(Task task);

    /**
     * Queues tasks for the workers, all or none.
     *
     * @throws io.multiprocess.ProcessStateException if not accepting and {@code origin} is PYTHON
     * @throws RejectedExecutionException if not accepting and {@code origin} is EXECUTOR
     * @throws io.multiprocess.pool.PoolTerminatedException if terminated and {@code origin} is FEEDER
     */
    abstract void enqueue(List<Task> tasks, Origin origin);

    /** Drops a task that has not started; stops a running one if {@code interrupt}. Its sink is not called. */
    abstract void cancel(Task task, boolean interrupt);

    /** Throws as {@link #enqueue} would if the pool no longer accepts tasks from {@code origin}. */
    abstract void checkAccepting(Origin origin);

    /**
     * The exception for a submission from {@code origin} in {@code state}, or null if it is accepted.
     *
     * @param brokenCause why the pool broke down, or null if it was shut down or terminated on request
     */
    @Nullable
    RuntimeException rejection(Origin origin, State state, @Nullable Throwable brokenCause) {
        if (state == State.RUNNING || (state == State.CLOSED && origin == Origin.FEEDER)) {
            return null;
        }
        String why = brokenCause != null
                ? "it broke down: " + brokenCause.getMessage()
                : state == State.CLOSED ? "it was shut down (Python's close())" : "it was terminated";
        String message = "Pool not running: " + why + "; create a new pool";
        return switch (origin) {
            case PYTHON -> new io.multiprocess.ProcessStateException(message);
            case EXECUTOR -> new RejectedExecutionException(message, brokenCause);
            case FEEDER -> new PoolTerminatedException(message, brokenCause);
        };
    }

    long nextTaskId() {
        return taskIds.incrementAndGet();
    }

    String threadName(String role) {
        return "multiprocess-pool-" + number + "-" + role + "-" + threadNumbers.incrementAndGet();
    }

    @Override
    public int processes() {
        return processes;
    }

    // ---------------------------------------------------------------------------------- imap jobs

    /** What the imap jobs see of this pool. */
    private final JobHost jobHost = new JobHost() {
        @Override
        public int processes() {
            return processes;
        }

        @Override
        public String threadName(String role) {
            return AbstractPool.this.threadName(role);
        }

        @Override
        public long nextTaskId() {
            return AbstractPool.this.nextTaskId();
        }

        @Override
        public void prepare(Task task) {
            AbstractPool.this.prepare(task);
            openContext(task);
        }

        @Override
        public Runnable inCallerContext(Runnable feeder) {
            TaskContextPropagator current = propagator;
            return current == null ? feeder : current.inCallerContext(feeder);
        }

        @Override
        public void enqueueFromFeeder(List<Task> tasks) {
            enqueue(tasks, Origin.FEEDER);
        }

        @Override
        public void cancel(Task task, boolean interrupt) {
            cancelTask(task, interrupt);
        }

        @Override
        public void feederStarted(ImapJob job) {
            checkAccepting(Origin.PYTHON);
            imapJobs.add(job);
        }

        @Override
        public void mapSubmitted(long callId, String jobName, long items) {
            notifyListener(() -> listener.mapSubmitted(callId, jobName, items));
        }

        @Override
        public void feederFinished(ImapJob job) {
            imapJobs.remove(job);
            onFeederFinished();
        }
    };

    /** Called when an imap's input thread ends; a shut-down pool may be done now. */
    abstract void onFeederFinished();

    boolean hasActiveFeeders() {
        return !imapJobs.isEmpty();
    }

    /** Python's close(): running imaps read the rest of their input. */
    void unboundFeeders() {
        imapJobs.forEach(ImapJob::unbound);
    }

    /**
     * Fails the tasks that a terminate or a break-down left unfinished (cancelled ones are skipped: their
     * result is settled) and stops the feeders of lazy jobs, each failure naming its task.
     */
    final void failUnfinished(List<Task> tasks, PoolTerminatedException reason) {
        terminateFeeders(reason);
        for (Task task : tasks) {
            if (!task.cancelled) {
                deliverFailed(
                        task,
                        new PoolTerminatedException(
                                capitalized(task.describe()) + " did not finish: " + reason.getMessage(),
                                reason.getCause()));
            }
        }
    }

    /**
     * Refuses a task function that is a lambda of a non-serializable type, for the pools that send tasks to
     * other JVMs: the message names the type and the library's serializable twin to declare it as.
     *
     * @param function     the task's function
     * @param whereTasksGo how the message begins, e.g. "A process pool sends each task to a worker process"
     * @throws SerializationException if the function is such a lambda
     */
    static void refuseNonSerializableLambda(Object function, String whereTasksGo) {
        Class<?> type = function.getClass();
        if (!(function instanceof Serializable) && SerializedLambdas.isLambdaClass(type)) {
            Class<?>[] interfaces = type.getInterfaces();
            String target = interfaces.length > 0 ? interfaces[0].getName() : "a functional interface";
            String advice =
                    interfaces.length > 0 && interfaces[0].getPackageName().startsWith("java.")
                            ? "io.multiprocess.function.Serializable" + interfaces[0].getSimpleName()
                            : "a serializable type";
            throw new SerializationException(
                    whereTasksGo + ", but this task is a lambda of type "
                            + target + ", which is not serializable. Declare it as " + advice
                            + " (a lambda written directly in the call, such as pool.submit(() -> ...), already is)",
                    type.getName(),
                    List.of(),
                    null);
        }
    }

    /** The text with its first letter upper-cased, to start a message with a task's description. */
    static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** terminate(): running imaps stop reading. */
    void terminateFeeders(RuntimeException reason) {
        imapJobs.forEach(job -> job.terminated(reason));
    }

    // ---------------------------------------------------------------------------------- apply

    @Override
    public <R extends @Nullable Object> R apply(SerializableCallable<R> task) {
        return applyAsync(task).result();
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> R apply(
            SerializableFunction<? super T, ? extends R> func, T arg) {
        return this.<T, R>applyAsync(func, arg).result();
    }

    @Override
    public <R extends @Nullable Object> AsyncResult<R> applyAsync(SerializableCallable<R> task) {
        return applyAsync(task, null, null);
    }

    @Override
    public <R extends @Nullable Object> AsyncResult<R> applyAsync(
            SerializableCallable<R> task,
            @Nullable Consumer<? super R> callback,
            @Nullable Consumer<? super Throwable> errorCallback) {
        return call(Task.CALL, task, null, "apply", callback, errorCallback, Origin.PYTHON, null, null);
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> AsyncResult<R> applyAsync(
            SerializableFunction<? super T, ? extends R> func, T arg) {
        return applyAsync(func, arg, null, null);
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> AsyncResult<R> applyAsync(
            SerializableFunction<? super T, ? extends R> func,
            T arg,
            @Nullable Consumer<? super R> callback,
            @Nullable Consumer<? super Throwable> errorCallback) {
        return call(Task.MAP, func, new Object[] {arg}, "apply", callback, errorCallback, Origin.PYTHON, null, null);
    }

    /** One task with one outcome: apply, submit, execute. */
    @SuppressWarnings("unchecked")
    private <R extends @Nullable Object> AsyncResult<R> call(
            byte kind,
            Object function,
            @Nullable Object @Nullable [] items,
            String jobName,
            @Nullable Consumer<? super R> callback,
            @Nullable Consumer<? super Throwable> errorCallback,
            Origin origin,
            @Nullable Object original,
            @Nullable Function<Object, R> mapper) {
        Objects.requireNonNull(function, "task");
        checkAccepting(origin);
        Task task = newCall(kind, function, items, jobName, callback, errorCallback, original, mapper);
        enqueue(List.of(task), origin);
        return (AsyncResult<R>) ((ResultSinks.Single<?>) task.sink).result();
    }

    private <R extends @Nullable Object> Task newCall(
            byte kind,
            Object function,
            @Nullable Object @Nullable [] items,
            String jobName,
            @Nullable Consumer<? super R> callback,
            @Nullable Consumer<? super Throwable> errorCallback,
            @Nullable Object original,
            @Nullable Function<Object, R> mapper) {
        long id = nextTaskId();
        AsyncResult<R> result = new AsyncResult<>(callbacks, jobName + " task #" + id, callback, errorCallback);
        @SuppressWarnings("unchecked")
        Function<Object, R> map = mapper != null ? mapper : value -> (R) value;
        Object[] args = items != null ? items : new Object[0];
        Task task = new Task(
                id, kind, function, args, 0, args.length, new ResultSinks.Single<>(result, jobName, map), 0, original);
        task.functionRef = functionRef(function);
        prepare(task);
        openContext(task);
        result.setCanceller(interrupt -> cancelTask(task, interrupt));
        return task;
    }

    // ---------------------------------------------------------------------------------- map, starmap

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> List<R> map(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items) {
        return this.<T, R>mapAsync(func, items, 0, null, null).result();
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> List<R> map(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items, int chunksize) {
        return this.<T, R>mapAsync(func, items, chunksize, null, null).result();
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> AsyncResult<List<R>> mapAsync(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items) {
        return mapAsync(func, items, 0, null, null);
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> AsyncResult<List<R>> mapAsync(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items, int chunksize) {
        return mapAsync(func, items, chunksize, null, null);
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> AsyncResult<List<R>> mapAsync(
            SerializableFunction<? super T, ? extends R> func,
            Iterable<? extends T> items,
            int chunksize,
            @Nullable Consumer<? super List<R>> callback,
            @Nullable Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(items, "items");
        return mapChunks("map", Task.MAP, func, toArray(items), 1, chunksize, callback, errorCallback);
    }

    @Override
    public <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object> List<R> starmap(
            SerializableBiFunction<? super A, ? super B, ? extends R> func,
            Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs) {
        return this.<A, B, R>starmapAsync(func, pairs, 0, null, null).result();
    }

    @Override
    public <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object> List<R> starmap(
            SerializableBiFunction<? super A, ? super B, ? extends R> func,
            Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs,
            int chunksize) {
        return this.<A, B, R>starmapAsync(func, pairs, chunksize, null, null).result();
    }

    @Override
    public <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object>
            AsyncResult<List<R>> starmapAsync(
                    SerializableBiFunction<? super A, ? super B, ? extends R> func,
                    Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs) {
        return starmapAsync(func, pairs, 0, null, null);
    }

    @Override
    public <A extends @Nullable Object, B extends @Nullable Object, R extends @Nullable Object>
            AsyncResult<List<R>> starmapAsync(
                    SerializableBiFunction<? super A, ? super B, ? extends R> func,
                    Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs,
                    int chunksize,
                    @Nullable Consumer<? super List<R>> callback,
                    @Nullable Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(pairs, "pairs");
        Object[] entries = toArray(pairs);
        Object[] flat = new Object[entries.length * 2];
        for (int i = 0; i < entries.length; i++) {
            Map.Entry<?, ?> entry = (Map.Entry<?, ?>) Objects.requireNonNull(entries[i], "a pair is null");
            flat[2 * i] = entry.getKey();
            flat[2 * i + 1] = entry.getValue();
        }
        return mapChunks("starmap", Task.STARMAP, func, flat, 2, chunksize, callback, errorCallback);
    }

    @Override
    public <R extends @Nullable Object> List<R> starmap(
            SerializableFunction<? super @Nullable Object[], ? extends R> func, Iterable<? extends List<?>> args) {
        return this.<R>starmapAsync(func, args, 0, null, null).result();
    }

    @Override
    public <R extends @Nullable Object> List<R> starmap(
            SerializableFunction<? super @Nullable Object[], ? extends R> func,
            Iterable<? extends List<?>> args,
            int chunksize) {
        return this.<R>starmapAsync(func, args, chunksize, null, null).result();
    }

    @Override
    public <R extends @Nullable Object> AsyncResult<List<R>> starmapAsync(
            SerializableFunction<? super @Nullable Object[], ? extends R> func, Iterable<? extends List<?>> args) {
        return starmapAsync(func, args, 0, null, null);
    }

    @Override
    public <R extends @Nullable Object> AsyncResult<List<R>> starmapAsync(
            SerializableFunction<? super @Nullable Object[], ? extends R> func,
            Iterable<? extends List<?>> args,
            int chunksize,
            @Nullable Consumer<? super List<R>> callback,
            @Nullable Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(args, "args");
        // Each argument list travels as one array item of a map, which hands it to the function as is.
        Object[] lists = toArray(args);
        @Nullable Object[] arrays = new Object[lists.length];
        for (int i = 0; i < lists.length; i++) {
            if (!(lists[i] instanceof List<?> list)) {
                throw new NullPointerException("argument list " + i + " is null");
            }
            arrays[i] = list.toArray();
        }
        return mapChunks("starmap", Task.MAP, func, arrays, 1, chunksize, callback, errorCallback);
    }

    /**
     * Python's default chunk size for map: {@code ceil(items / (4 * processes))}, as
     * {@code Pool._map_async} computes it.
     */
    static int defaultChunksize(int items, int processes) {
        long per = 4L * processes;
        return (int) Math.max(1, (items + per - 1) / per);
    }

    private <R extends @Nullable Object> AsyncResult<List<R>> mapChunks(
            String jobName,
            byte kind,
            Object func,
            @Nullable Object[] flat,
            int stride,
            int chunksize,
            @Nullable Consumer<? super List<R>> callback,
            @Nullable Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(func, "func");
        if (chunksize < 0) {
            throw new IllegalArgumentException("chunksize must be at least 1 (or 0 for the default), not " + chunksize);
        }
        checkAccepting(Origin.PYTHON);
        int count = flat.length / stride;
        AsyncResult<List<R>> result =
                new AsyncResult<>(callbacks, jobName + " of " + count + " items", callback, errorCallback);
        if (count == 0) {
            result.complete(List.of());
            return result;
        }
        int size = chunksize == 0 ? defaultChunksize(count, processes) : chunksize;
        int chunks = (int) ((count + (long) size - 1) / size);
        long callId = nextTaskId();
        ResultSinks.MapChunks<R> sink = new ResultSinks.MapChunks<>(result, jobName, count, chunks, callId);
        notifyListener(() -> listener.mapSubmitted(callId, jobName, count));
        FunctionRef ref = functionRef(func);
        List<Task> tasks = new ArrayList<>(chunks);
        result.setCanceller(interrupt -> tasks.forEach(task -> cancelTask(task, interrupt)));
        // Each chunk is queued as soon as it is serialized, so that workers start while later chunks are
        // being serialized; if one cannot be, those already queued are cancelled.
        try {
            for (int c = 0; c < chunks; c++) {
                int first = c * size;
                int last = Math.min(count, first + size);
                Task task = new Task(nextTaskId(), kind, func, flat, first * stride, last * stride, sink, first, null);
                task.functionRef = ref;
                prepare(task);
                openContext(task);
                tasks.add(task);
                enqueue(List.of(task), Origin.PYTHON);
            }
        } catch (RuntimeException | Error e) {
            tasks.forEach(task -> cancelTask(task, false));
            result.fail(e);
            throw e;
        }
        return result;
    }

    private static Object[] toArray(Iterable<?> items) {
        if (items instanceof Collection<?> collection) {
            return collection.toArray();
        }
        List<Object> list = new ArrayList<>();
        for (Object item : items) {
            list.add(item);
        }
        return list.toArray();
    }

    // ---------------------------------------------------------------------------------- imap

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imap(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items) {
        return imap(func, items, 1);
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imap(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items, int chunksize) {
        return imap(func, Objects.requireNonNull(items, "items").iterator(), chunksize);
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imap(
            SerializableFunction<? super T, ? extends R> func, Stream<? extends T> items, int chunksize) {
        return imap(func, Objects.requireNonNull(items, "items").iterator(), chunksize);
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imap(
            SerializableFunction<? super T, ? extends R> func, Iterator<? extends T> items) {
        return imap(func, items, 1);
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imap(
            SerializableFunction<? super T, ? extends R> func, Stream<? extends T> items) {
        return imap(func, items, 1);
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imap(
            SerializableFunction<? super T, ? extends R> func, Iterator<? extends T> items, int chunksize) {
        return startImap("imap", true, func, items, chunksize);
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imapUnordered(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items) {
        return imapUnordered(func, items, 1);
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imapUnordered(
            SerializableFunction<? super T, ? extends R> func, Iterable<? extends T> items, int chunksize) {
        return imapUnordered(func, Objects.requireNonNull(items, "items").iterator(), chunksize);
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imapUnordered(
            SerializableFunction<? super T, ? extends R> func, Stream<? extends T> items, int chunksize) {
        return imapUnordered(func, Objects.requireNonNull(items, "items").iterator(), chunksize);
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imapUnordered(
            SerializableFunction<? super T, ? extends R> func, Iterator<? extends T> items) {
        return imapUnordered(func, items, 1);
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imapUnordered(
            SerializableFunction<? super T, ? extends R> func, Stream<? extends T> items) {
        return imapUnordered(func, items, 1);
    }

    @Override
    public <T extends @Nullable Object, R extends @Nullable Object> ResultIterator<R> imapUnordered(
            SerializableFunction<? super T, ? extends R> func, Iterator<? extends T> items, int chunksize) {
        return startImap("imapUnordered", false, func, items, chunksize);
    }

    private <R extends @Nullable Object> ResultIterator<R> startImap(
            String jobName, boolean ordered, Object func, Iterator<?> items, int chunksize) {
        Objects.requireNonNull(func, "func");
        Objects.requireNonNull(items, "items");
        if (chunksize < 0) {
            throw new IllegalArgumentException(
                    "chunksize must be at least 1 (or 0 for the default, 1), not " + chunksize);
        }
        checkAccepting(Origin.PYTHON);
        FunctionRef ref = functionRef(func);
        return ImapJob.start(jobHost, jobName, ordered, Math.max(1, chunksize), func, ref, items);
    }

    // ---------------------------------------------------------------------------------- ExecutorService

    /** What the ExecutorService methods see of this pool. */
    private final ExecutorServiceAdapter executorMethods =
            new ExecutorServiceAdapter(new ExecutorServiceAdapter.Host() {
                @Override
                public <T extends @Nullable Object> AsyncResult<T> submit(
                        byte kind, Object task, String jobName, @Nullable Function<Object, T> mapper) {
                    return call(kind, task, null, jobName, null, null, Origin.EXECUTOR, task, mapper);
                }

                @Override
                public <T extends @Nullable Object> List<AsyncResult<T>> submitAll(
                        Collection<? extends Callable<T>> tasks) {
                    checkAccepting(Origin.EXECUTOR);
                    List<Task> prepared = new ArrayList<>(tasks.size());
                    List<AsyncResult<T>> results = new ArrayList<>(tasks.size());
                    for (Callable<T> callable : tasks) {
                        Objects.requireNonNull(callable, "a task is null");
                        Task task = newCall(Task.CALL, callable, null, "invoke", null, null, callable, null);
                        prepared.add(task);
                        @SuppressWarnings("unchecked")
                        AsyncResult<T> result = (AsyncResult<T>) ((ResultSinks.Single<?>) task.sink).result();
                        results.add(result);
                    }
                    enqueue(prepared, Origin.EXECUTOR);
                    return results;
                }

                @Override
                public List<Object> pendingOriginals() {
                    List<Object> originals = new ArrayList<>();
                    synchronized (lock) {
                        for (Task task : pending) {
                            if (task.original != null) {
                                originals.add(task.original);
                            }
                        }
                    }
                    return originals;
                }

                @Override
                public void shutdown() {
                    AbstractPool.this.shutdown();
                }

                @Override
                public void terminate() {
                    AbstractPool.this.terminate();
                }

                @Override
                public boolean isTerminated() {
                    return AbstractPool.this.isTerminated();
                }

                @Override
                public boolean awaitTerminated(long nanos) throws InterruptedException {
                    return await(terminated, nanos);
                }
            });

    @Override
    public <T extends @Nullable Object> AsyncResult<T> submit(SerializableCallable<T> task) {
        return executorMethods.submit(task);
    }

    @Override
    public <T extends @Nullable Object> AsyncResult<T> submit(Callable<T> task) {
        return executorMethods.submit(task);
    }

    @Override
    public AsyncResult<?> submit(SerializableRunnable task) {
        return executorMethods.submit(task);
    }

    @Override
    public AsyncResult<?> submit(Runnable task) {
        return executorMethods.submit(task);
    }

    @Override
    public <T extends @Nullable Object> AsyncResult<T> submit(SerializableRunnable task, T result) {
        return executorMethods.submit(task, result);
    }

    @Override
    public <T extends @Nullable Object> AsyncResult<T> submit(Runnable task, T result) {
        return executorMethods.submit(task, result);
    }

    @Override
    public void execute(SerializableRunnable task) {
        executorMethods.execute(task);
    }

    @Override
    public void execute(Runnable task) {
        executorMethods.execute(task);
    }

    @Override
    public <T extends @Nullable Object> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
            throws InterruptedException {
        return executorMethods.invokeAll(tasks);
    }

    @Override
    public <T extends @Nullable Object> List<Future<T>> invokeAll(
            Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) throws InterruptedException {
        return executorMethods.invokeAll(tasks, timeout, unit);
    }

    @Override
    public <T extends @Nullable Object> T invokeAny(Collection<? extends Callable<T>> tasks)
            throws InterruptedException, ExecutionException {
        return executorMethods.invokeAny(tasks);
    }

    @Override
    public <T extends @Nullable Object> T invokeAny(
            Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return executorMethods.invokeAny(tasks, timeout, unit);
    }

    @Override
    public void close() {
        executorMethods.close();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return executorMethods.awaitTermination(timeout, unit);
    }

    @Override
    public List<Runnable> shutdownNow() {
        return executorMethods.shutdownNow();
    }

    // ---------------------------------------------------------------------------------- life cycle

    @Override
    public void join() {
        join(null);
    }

    @Override
    public boolean join(@Nullable Duration timeout) {
        if (state == State.RUNNING) {
            throw new ProcessStateException(
                    "Cannot join a running pool: call shutdown() (Python's close()) or terminate() first");
        }
        try {
            return await(terminated, timeout == null ? -1 : Math.max(0, timeout.toNanos()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("the end of " + this, e);
        }
    }

    @Override
    public boolean isShutdown() {
        return state != State.RUNNING;
    }

    @Override
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    /** A latch-based wait helper for engines. */
    static boolean await(CountDownLatch latch, long nanos) throws InterruptedException {
        if (nanos < 0) {
            latch.await();
            return true;
        }
        return latch.await(nanos, TimeUnit.NANOSECONDS);
    }
}
