package io.multiprocess.pool;

import io.multiprocess.ProcessStartException;
import io.multiprocess.ProcessStateException;
import io.multiprocess.SerializationException;
import io.multiprocess.StartMethod;
import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.process.ProcessRole;
import io.multiprocess.process.ProcessSettings;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.util.Finalize;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A pool of worker processes: Python's {@code multiprocessing.Pool}. Internal; users see {@link Pool}.
 *
 * <p>Each worker is a daemon {@link ChildProcess} of the pool's context that connects back to the
 * pool's Unix-domain socket (in the process's private 0700 directory) and proves itself with a random token that
 * travelled inside its process object. The pool then talks to it over that socket (see {@link Frames}):
 * a writer thread per worker sends tasks in batches, a reader thread per worker receives results,
 * deserializes them and completes the results.
 *
 * <p>Scheduling: tasks wait in {@link #pending} until a ready worker has room in its window (see
 * {@link WorkerHandle#window()}); a worker runs the tasks it holds in order, so the oldest task without
 * a result is the one it is running. A worker whose running task has run for {@link #STUCK_NANOS} and
 * four times its average gets no new tasks while it lasts (tasks of a few milliseconds each keep their
 * next one queued, which hides the round trip); and while another worker is idle and nothing is pending,
 * the pool asks for the tasks queued behind a task that has run {@link #STUCK_NANOS} back, on the worker's control connection: the worker gives back
 * those it has not started, and they go first in line, for the idle workers. When a worker dies, the
 * task it was running fails with {@link WorkerLostException} (or the {@link TaskTimeoutException} that
 * killed it), the tasks behind it go back to the front of the queue, and a replacement starts.
 *
 * <p>Everything shared is guarded by {@link #lock}; sinks (results, callbacks) are called outside it.
 * The methods that change that state (scheduling, deaths, life cycle) stay together in this class,
 * around the one lock. The sockets live in {@link WorkerConnections}, which accepts the workers'
 * connections, reads what they send and reports it here through {@link WorkerEvents} (the only view of
 * the pool it has), and in {@link WorkerHandle}, whose writer thread sends each worker its tasks.
 */
final class ProcessPool extends AbstractPool implements WorkerEvents {

    /** Python's pool registers its terminate finalizer with this exit priority. */
    static final int EXIT_PRIORITY = 15;

    /** Start failures in a row after which the pool breaks down rather than retry. */
    static final int START_ATTEMPTS = 3;
    /** How long a worker whose socket closed may take to exit before it is killed. */
    private static final long EXIT_GRACE_SECONDS = 5;
    /**
     * How long a task must have run before the tasks queued behind it count as stuck: they are taken back
     * for an idle worker, and its worker gets no new ones while it lasts. Tiny tasks never reach it, so
     * batching stays as it is; a task waits at most this long, plus a round trip, while a worker idles.
     */
    static final long STUCK_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final ProcessSettings context;
    private final Serializer serializer;
    private final @Nullable SerializableRunnable initializer;
    private final int maxTasksPerChild;
    private final @Nullable Duration taskTimeout;
    private final FunctionRef.Cache functions = new FunctionRef.Cache();
    private final SecureRandom random = new SecureRandom();
    private final Path socketPath;
    private final ServerSocketChannel server;
    private final ScheduledThreadPoolExecutor maintenance;
    private final Finalize atExit;

    private final List<WorkerHandle> workers = new ArrayList<>();
    private final Map<Integer, WorkerHandle> workersById = new HashMap<>();
    private @Nullable Throwable brokenCause;
    private int startFailuresInARow;
    private int workerIds;
    private boolean finished;
    private boolean rebalanceScheduled;

    ProcessPool(
            ProcessSettings context,
            int processes,
            @Nullable SerializableRunnable initializer,
            int maxTasksPerChild,
            @Nullable Duration taskTimeout,
            PoolListener listener) {
        super(processes, listener);
        this.context = context;
        this.serializer = context.serializer();
        this.initializer = initializer;
        this.maxTasksPerChild = maxTasksPerChild;
        this.taskTimeout = taskTimeout;
        this.maintenance = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, threadName("maintenance"));
            thread.setDaemon(true);
            return thread;
        });
        this.maintenance.setRemoveOnCancelPolicy(true);
        try {
            this.socketPath = PoolSocket.newPath(number);
            this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socketPath));
        } catch (IOException | RuntimeException e) {
            maintenance.shutdownNow();
            throw new ProcessStartException("Cannot create the pool's socket: " + e.getMessage(), e);
        }
        // At exit (before daemon children are terminated and the temp dir removed), kill the workers at once.
        this.atExit = Finalize.atExit(this::killAtExit, EXIT_PRIORITY);
        WorkerConnections connections = new WorkerConnections(this, server, maintenance, serializer);
        Thread acceptor = new Thread(connections::acceptLoop, threadName("acceptor"));
        acceptor.setDaemon(true);
        acceptor.start();
        try {
            List<WorkerHandle> initial = new ArrayList<>();
            synchronized (lock) {
                for (int i = 0; i < processes; i++) {
                    initial.add(newWorkerLocked());
                }
            }
            for (WorkerHandle worker : initial) {
                launch(worker, true);
            }
        } catch (RuntimeException | Error e) {
            terminate();
            List<Runnable> after = new ArrayList<>();
            synchronized (lock) {
                for (WorkerHandle worker : new ArrayList<>(workers)) {
                    if (worker.process == null) {
                        worker.killedOnPurpose = true;
                        after.addAll(goneLocked(worker));
                    }
                }
            }
            after.forEach(Runnable::run);
            join(Duration.ofSeconds(30));
            throw e;
        }
        if (taskTimeout != null) {
            long period = Math.max(5, Math.min(100, taskTimeout.toMillis() / 10));
            maintenance.scheduleAtFixedRate(this::expireTasks, period, period, TimeUnit.MILLISECONDS);
        }
    }

    // ==================================================================================== workers

    /** Creates and registers a worker handle. Called with the lock held. */
    private WorkerHandle newWorkerLocked() {
        byte[] token = new byte[Frames.TOKEN_BYTES];
        random.nextBytes(token);
        WorkerHandle worker = new WorkerHandle(++workerIds, token, socketPath.toString());
        workers.add(worker);
        workersById.put(worker.id, worker);
        return worker;
    }

    /**
     * Starts a worker's process. In the constructor ({@code rethrow}) a failure propagates; later it
     * counts as a start failure.
     */
    private void launch(WorkerHandle worker, boolean rethrow) {
        List<Runnable> notStarted = null;
        synchronized (lock) {
            if (worker.killedOnPurpose || state == State.TERMINATED) {
                worker.killedOnPurpose = true;
                notStarted = goneLocked(worker);
            }
        }
        if (notStarted != null) {
            notStarted.forEach(Runnable::run);
            return;
        }
        PoolWorker.Spec spec = new PoolWorker.Spec(worker.socketPath, worker.token, worker.id, initializer);
        ChildProcess process = PoolWorker.newProcess(context, spec);
        // Python's names: SpawnPoolWorker-N, ForkServerPoolWorker-N.
        String method = context.startMethod() == StartMethod.FORKSERVER
                ? "ForkServer"
                : capitalized(context.startMethod().pythonName());
        process.setName(process.name().replace("Process", method + "PoolWorker"));
        process.setDaemon(true);
        process.setRole(ProcessRole.POOL_WORKER);
        try {
            process.start();
        } catch (RuntimeException | Error e) {
            if (rethrow) {
                // The constructor cleans up and reports it.
                throw e;
            }
            List<Runnable> after;
            synchronized (lock) {
                worker.exited = true;
                worker.initFailure = e;
                after = goneLocked(worker);
            }
            after.forEach(Runnable::run);
            return;
        }
        boolean killNow;
        synchronized (lock) {
            worker.process = process;
            worker.pid = process.pid().orElse(0);
            worker.name = process.name();
            killNow = worker.killedOnPurpose || state == State.TERMINATED;
            worker.killedOnPurpose |= killNow;
        }
        if (killNow) {
            kill(process);
        }
        long pid = worker.pid;
        notifyListener(() -> listener.workerStarted(pid, !rethrow));
        process.sentinel().onReady().whenComplete((ignored, error) -> processExited(worker));
    }

    /** Starts workers until {@code processes} are starting or ready. Called with the lock held. */
    private void ensureWorkersLocked() {
        if (state == State.TERMINATED || (state == State.CLOSED && nothingLeftLocked())) {
            return;
        }
        int active = 0;
        for (WorkerHandle worker : workers) {
            if (worker.phase == WorkerHandle.Phase.STARTING || worker.phase == WorkerHandle.Phase.READY) {
                active++;
            }
        }
        for (; active < processes; active++) {
            WorkerHandle worker = newWorkerLocked();
            runOnMaintenance(() -> launch(worker, false));
        }
    }

    private void runOnMaintenance(Runnable action) {
        try {
            maintenance.execute(action);
        } catch (RejectedExecutionException poolFinished) {
            action.run();
        }
    }

    // ---------------------------------------------------------------------------- what the connections report
    // (WorkerEvents)

    /**
     * Attaches a connection that said hello with {@code token} as worker {@code id}, if that worker is
     * waiting for its connection and the token is its own.
     *
     * @return the worker, or null to refuse the connection
     */
    @Override
    public @Nullable WorkerHandle attach(int id, byte[] token, SocketChannel channel) {
        synchronized (lock) {
            WorkerHandle worker = workersById.get(id);
            if (worker == null
                    || !MessageDigest.isEqual(token, worker.token)
                    || worker.channel != null
                    || worker.phase != WorkerHandle.Phase.STARTING
                    || state == State.TERMINATED) {
                return null;
            }
            worker.channel = channel;
            return worker;
        }
    }

    /**
     * Attaches a worker's control connection, on which the pool asks for queued tasks back.
     *
     * @return false to refuse the connection
     */
    @Override
    public boolean attachControl(int id, byte[] token, SocketChannel channel) {
        synchronized (lock) {
            WorkerHandle worker = workersById.get(id);
            if (worker == null
                    || !MessageDigest.isEqual(token, worker.token)
                    || worker.control != null
                    || worker.phase == WorkerHandle.Phase.GONE
                    || state == State.TERMINATED) {
                return false;
            }
            worker.control = channel;
            rebalanceLocked();
            return true;
        }
    }

    /** A worker gave tasks back: they go first in line, to the workers that are free. */
    @Override
    public void onReclaimed(WorkerHandle worker, long[] taskIds) {
        synchronized (lock) {
            List<Task> back = new ArrayList<>(taskIds.length);
            boolean headGone = false;
            for (long id : taskIds) {
                for (Iterator<Task> it = worker.inFlight.iterator(); it.hasNext(); ) {
                    Task task = it.next();
                    if (task.id == id) {
                        headGone |= task == worker.inFlight.peekFirst();
                        it.remove();
                        task.reclaiming = false;
                        task.worker = null;
                        if (!task.cancelled) {
                            back.add(task);
                        }
                        break;
                    }
                }
            }
            Task head = worker.inFlight.peekFirst();
            if (headGone && head != null) {
                head.startedNanos = System.nanoTime();
                startedLocked(worker, head);
            }
            for (int i = back.size() - 1; i >= 0; i--) {
                pending.addFirst(back.get(i));
            }
            dispatchLocked();
            rebalanceLocked();
            retireIfDoneLocked(worker);
            shutDownIfDoneLocked();
        }
    }

    @Override
    public void initFailed(WorkerHandle worker, Throwable error) {
        synchronized (lock) {
            worker.initFailure = error;
        }
    }

    @Override
    public void dying(WorkerHandle worker, String reason) {
        synchronized (lock) {
            worker.dyingReason = reason;
        }
    }

    @Override
    public void protocolError(WorkerHandle worker, Exception error) {
        synchronized (lock) {
            worker.protocolError = error.toString();
        }
        LOG.error("{}: bad message from worker {}, killing it: {}", this, worker, error.toString());
        kill(worker);
    }

    @Override
    public void onReady(WorkerHandle worker) {
        synchronized (lock) {
            if (worker.phase != WorkerHandle.Phase.STARTING) {
                return;
            }
            worker.phase = WorkerHandle.Phase.READY;
            startFailuresInARow = 0;
            dispatchLocked();
            rebalanceLocked();
            retireIfDoneLocked(worker);
            shutDownIfDoneLocked();
        }
    }

    @Override
    public void onResult(WorkerHandle worker, Frames.Reader in) throws IOException {
        ByteSink.Reader body = new ByteSink.Reader(in.array, in.bodyOffset, in.bodyLength);
        long taskId = body.getLong();
        long nanos = body.getLong();
        Task task;
        synchronized (lock) {
            task = worker.inFlight.peekFirst();
        }
        if (task == null || task.id != taskId) {
            throw new Frames.ProtocolException("Result for task #" + taskId + ", but the worker was running "
                    + (task == null ? "nothing" : "#" + task.id));
        }
        Object[] outcomes = null;
        RuntimeException unreadable = null;
        try {
            outcomes = Payloads.decode(in.array, body.position, body.remaining(), serializer);
        } catch (RuntimeException | LinkageError e) {
            unreadable = new SerializationException(
                    "The result of " + task.describe() + " could not be read: " + e.getMessage(), e);
        }
        synchronized (lock) {
            worker.inFlight.pollFirst();
            worker.recordTaskTime(nanos);
            Task next = worker.inFlight.peekFirst();
            if (next != null) {
                next.startedNanos = System.nanoTime();
                startedLocked(worker, next);
            }
            dispatchLocked();
            if (worker.inFlight.isEmpty()) {
                // This worker just became idle: what is queued behind a long task elsewhere may come here.
                rebalanceLocked();
            }
            retireIfDoneLocked(worker);
            shutDownIfDoneLocked();
        }
        if (task.cancelled) {
            return;
        }
        if (unreadable != null) {
            deliverFailed(task, unreadable);
            return;
        }
        int expected = task.outcomeCount();
        if (outcomes.length == 1 && expected > 1 && outcomes[0] instanceof Failure whole) {
            outcomes = new Object[expected];
            Arrays.fill(outcomes, whole);
        }
        deliverCompleted(task, outcomes, worker.pid, nanos);
    }

    // ---------------------------------------------------------------------------- scheduling

    /**
     * Hands pending tasks to ready workers, least loaded first. A worker is refilled once it holds at
     * most half its window, and then up to its whole window, so that tasks travel in batches (one write
     * and one read for many) while the worker always has the next ones queued. Called with the lock held.
     */
    private void dispatchLocked() {
        if (pending.isEmpty()) {
            return; // most results find nothing pending: no clock read for them
        }
        long now = System.nanoTime();
        while (!pending.isEmpty()) {
            WorkerHandle best = null;
            for (WorkerHandle worker : workers) {
                if (worker.phase == WorkerHandle.Phase.READY
                        && worker.inFlight.size() <= worker.window() / 2
                        && !isStuck(worker, now)
                        && (best == null || worker.inFlight.size() < best.inFlight.size())) {
                    best = worker;
                }
            }
            if (best == null) {
                return;
            }
            int room = best.window() - best.inFlight.size();
            while (room > 0 && !pending.isEmpty() && best.phase == WorkerHandle.Phase.READY) {
                Task task = pending.pollFirst();
                if (task.cancelled) {
                    continue;
                }
                assignLocked(best, task);
                room--;
            }
        }
    }

    /** Whether the task a worker runs has run long enough for the ones queued behind it to be stuck. */
    private static boolean isStuck(WorkerHandle worker, long now) {
        Task running = worker.inFlight.peekFirst();
        if (running == null) {
            return false;
        }
        long ran = now - running.startedNanos;
        return ran >= STUCK_NANOS && ran >= 4 * worker.averageNanos;
    }

    /**
     * While a worker is idle and nothing is pending, takes back the tasks queued behind a task that has
     * run for {@link #STUCK_NANOS} (the worker confirms which it had not started: those run elsewhere, the
     * others where they are); if such a task has not run that long yet, looks again when it will have.
     * Called with the lock held.
     */
    private void rebalanceLocked() {
        if (!pending.isEmpty() || state == State.TERMINATED) {
            return;
        }
        boolean someoneIdle = false;
        for (WorkerHandle worker : workers) {
            if (worker.phase == WorkerHandle.Phase.READY && worker.inFlight.isEmpty()) {
                someoneIdle = true;
                break;
            }
        }
        if (!someoneIdle) {
            return;
        }
        long now = System.nanoTime();
        long lookAgainIn = Long.MAX_VALUE;
        for (WorkerHandle worker : workers) {
            SocketChannel control = worker.control;
            if (control == null || worker.inFlight.size() < 2 || worker.phase == WorkerHandle.Phase.GONE) {
                continue;
            }
            long ran = now - worker.inFlight.peekFirst().startedNanos;
            if (ran < STUCK_NANOS) {
                lookAgainIn = Math.min(lookAgainIn, STUCK_NANOS - ran);
                continue;
            }
            long[] ids = new long[worker.inFlight.size() - 1];
            int count = 0;
            Iterator<Task> queued = worker.inFlight.iterator();
            queued.next();
            while (queued.hasNext()) {
                Task task = queued.next();
                if (!task.reclaiming && !task.cancelled) {
                    task.reclaiming = true;
                    ids[count++] = task.id;
                }
            }
            if (count > 0) {
                long[] reclaim = Arrays.copyOf(ids, count);
                runOnMaintenance(() -> worker.sendReclaim(control, reclaim));
            }
        }
        if (lookAgainIn != Long.MAX_VALUE && !rebalanceScheduled) {
            rebalanceScheduled = true;
            try {
                maintenance.schedule(
                        () -> {
                            synchronized (lock) {
                                rebalanceScheduled = false;
                                rebalanceLocked();
                            }
                        },
                        lookAgainIn,
                        TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException poolFinished) {
                rebalanceScheduled = false;
            }
        }
    }

    /** Gives a task to a worker. Called with the lock held. */
    private void assignLocked(WorkerHandle worker, Task task) {
        task.worker = worker;
        if (worker.inFlight.isEmpty()) {
            task.startedNanos = System.nanoTime();
            startedLocked(worker, task);
        }
        worker.inFlight.addLast(task);
        worker.dispatched++;
        worker.send(task);
        if (maxTasksPerChild > 0 && worker.dispatched >= maxTasksPerChild) {
            worker.phase = WorkerHandle.Phase.RETIRING;
            ensureWorkersLocked();
        }
    }

    /** Tells the listener that {@code task} runs now in {@code worker}. Called with the lock held. */
    private void startedLocked(WorkerHandle worker, Task task) {
        if (listener != PoolListener.NONE) {
            notifyListener(() -> listener.taskStarted(task.id, task.sink.callId(), worker.pid));
        }
    }

    /** A worker that reached its quota exits once it answered everything. Called with the lock held. */
    private void retireIfDoneLocked(WorkerHandle worker) {
        if (worker.phase == WorkerHandle.Phase.RETIRING && worker.inFlight.isEmpty()) {
            worker.phase = WorkerHandle.Phase.EXITING;
            worker.requestExit();
        }
    }

    /** Whether a shut-down pool has no work left. Called with the lock held. */
    private boolean nothingLeftLocked() {
        if (!pending.isEmpty() || hasActiveFeeders()) {
            return false;
        }
        for (WorkerHandle worker : workers) {
            if (!worker.inFlight.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** After shutdown, once the work is done, tells every worker to exit. Called with the lock held. */
    private void shutDownIfDoneLocked() {
        if (state != State.CLOSED || !nothingLeftLocked()) {
            return;
        }
        for (WorkerHandle worker : workers) {
            switch (worker.phase) {
                case READY, RETIRING -> {
                    worker.phase = WorkerHandle.Phase.EXITING;
                    worker.requestExit();
                }
                case STARTING -> {
                    worker.killedOnPurpose = true;
                    worker.phase = WorkerHandle.Phase.EXITING;
                    ChildProcess process = worker.process;
                    if (process != null) {
                        runOnMaintenance(() -> kill(process));
                    }
                }
                default -> {}
            }
        }
        finishIfDoneLocked();
    }

    @Override
    void onFeederFinished() {
        synchronized (lock) {
            shutDownIfDoneLocked();
        }
    }

    // ---------------------------------------------------------------------------- deaths

    @Override
    public void channelClosed(WorkerHandle worker) {
        List<Runnable> after = List.of();
        boolean waitForExit;
        synchronized (lock) {
            worker.channelClosed = true;
            waitForExit = !worker.exited;
            if (!waitForExit) {
                after = goneLocked(worker);
            }
        }
        after.forEach(Runnable::run);
        if (waitForExit) {
            try {
                maintenance.schedule(
                        () -> {
                            boolean stillThere;
                            synchronized (lock) {
                                stillThere = !worker.exited;
                            }
                            if (stillThere) {
                                LOG.warn("{}: worker {} closed its socket but did not exit; killing it", this, worker);
                                kill(worker);
                            }
                        },
                        EXIT_GRACE_SECONDS,
                        TimeUnit.SECONDS);
            } catch (RejectedExecutionException poolFinished) {
                kill(worker);
            }
        }
    }

    private void processExited(WorkerHandle worker) {
        List<Runnable> after = List.of();
        boolean poolRunning;
        synchronized (lock) {
            worker.exited = true;
            try {
                OptionalInt code = worker.process.exitCode();
                worker.exitCode = code.isPresent() ? code.getAsInt() : null;
            } catch (ProcessStateException closed) {
                worker.exitCode = null;
            }
            Integer code = worker.exitCode;
            notifyListener(
                    () -> listener.workerExited(worker.pid, code == null ? OptionalInt.empty() : OptionalInt.of(code)));
            poolRunning = state == State.RUNNING;
            if (worker.channel == null || worker.channelClosed) {
                after = goneLocked(worker);
            }
        }
        // Outside the lock: a small read from the page cache, and the file must go even with no listener.
        List<String> tail = StderrTail.readAndDelete(
                StderrTail.pathFor(worker.socketPath, worker.id), PoolListener.WorkerExit.STDERR_TAIL_LINES);
        Integer code = worker.exitCode;
        notifyListener(() ->
                listener.workerEnded(new PoolListener.WorkerExit(worker.pid, worker.name, code, poolRunning, tail)));
        after.forEach(Runnable::run);
    }

    /**
     * The worker's process ended and its socket is drained: fail the task it was running, requeue the
     * rest, replace it. Called with the lock held; returns what to run after releasing it.
     */
    private List<Runnable> goneLocked(WorkerHandle worker) {
        if (worker.phase == WorkerHandle.Phase.GONE) {
            return List.of();
        }
        WorkerHandle.Phase before = worker.phase;
        worker.phase = WorkerHandle.Phase.GONE;
        workers.remove(worker);
        workersById.remove(worker.id);
        worker.stopWriter();
        List<Runnable> after = new ArrayList<>();
        SocketChannel control = worker.control;
        if (control != null) {
            after.add(() -> {
                try {
                    control.close();
                } catch (IOException closing) {
                    // gone
                }
            });
        }
        ChildProcess process = worker.process;
        if (process != null) {
            after.add(() -> {
                process.join(Duration.ZERO);
                process.close();
            });
        }
        Task running = worker.inFlight.pollFirst();
        if (running != null && !running.cancelled && state != State.TERMINATED) {
            Throwable reason = running.endReason != null ? running.endReason : worker.lost(running);
            after.add(() -> deliverFailed(running, reason));
            if (running.endReason == null) {
                after.add(() -> LOG.warn("{}: {}", this, reason.getMessage()));
            }
        }
        if (state != State.TERMINATED) {
            for (Iterator<Task> it = worker.inFlight.descendingIterator(); it.hasNext(); ) {
                Task queued = it.next();
                if (!queued.cancelled) {
                    queued.worker = null;
                    queued.reclaiming = false;
                    pending.addFirst(queued);
                }
            }
        }
        worker.inFlight.clear();
        if (before == WorkerHandle.Phase.STARTING && !worker.killedOnPurpose && state != State.TERMINATED) {
            startFailed(worker, after);
        }
        if (state != State.TERMINATED) {
            ensureWorkersLocked();
            dispatchLocked();
            shutDownIfDoneLocked();
        }
        finishIfDoneLocked();
        return after;
    }

    /** A worker ended before it was ready. Called with the lock held. */
    private void startFailed(WorkerHandle worker, List<Runnable> after) {
        startFailuresInARow++;
        String how = worker.initFailure != null && worker.process != null
                ? "its initializer threw " + worker.initFailure
                : worker.process == null
                        ? "it could not be launched: " + worker.initFailure
                        : "it exited with code " + worker.exitCode + " before it was ready (see its standard error)";
        after.add(() -> LOG.warn("{}: worker {} failed to start: {}", this, worker, how));
        if (startFailuresInARow >= START_ATTEMPTS) {
            brokenCause = new ProcessStartException(
                    "The pool's workers failed to start " + startFailuresInARow + " times in a row; the last one, "
                            + worker + ": " + how,
                    worker.initFailure);
            List<Task> toFail = terminateLocked();
            PoolTerminatedException reason =
                    new PoolTerminatedException("The pool broke down: " + brokenCause.getMessage(), brokenCause);
            after.add(() -> failUnfinished(toFail, reason));
        }
    }

    private void kill(WorkerHandle worker) {
        kill(worker.process);
    }

    /** SIGKILL, unless the process is gone already (ended and closed by the pool). */
    private static void kill(ChildProcess process) {
        if (process == null) {
            return;
        }
        try {
            process.kill();
        } catch (ProcessStateException alreadyClosed) {
            // It ended and was reaped.
        }
    }

    private void expireTasks() {
        List<WorkerHandle> toKill = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (lock) {
            for (WorkerHandle worker : workers) {
                Task task = worker.inFlight.peekFirst();
                if (task == null || task.endReason != null) {
                    continue;
                }
                long limit = taskTimeout.toNanos() * task.outcomeCount();
                if (now - task.startedNanos > limit) {
                    Duration allowed = Duration.ofNanos(limit);
                    task.endReason = new TaskTimeoutException(
                            capitalized(task.describe()) + " ran longer than the task timeout of " + allowed
                                    + " in worker " + worker + "; the worker was killed and replaced",
                            allowed,
                            worker.pid);
                    worker.killedOnPurpose = true;
                    toKill.add(worker);
                }
            }
        }
        toKill.forEach(this::kill);
    }

    @Override
    public String threadName(String role) {
        return super.threadName(role);
    }

    // ==================================================================================== the engine

    @Override
    FunctionRef functionRef(Object function) {
        refuseNonSerializableLambda(function, "A process pool sends each task to a worker process");
        return functions.refFor(function, serializer);
    }

    @Override
    void prepare(Task task) {
        task.payload = Payloads.encode(task.items, task.from, task.to, serializer);
        long size = (long) task.payload.length + task.functionRef.bytes.length + 64;
        if (size > Frames.MAX_FRAME) {
            throw new SerializationException(
                    capitalized(task.describe()) + " serializes to " + size
                            + " bytes, more than a pool message may hold (" + Frames.MAX_FRAME
                            + "); use smaller chunks, or send "
                            + "large data through shared memory or a file",
                    null);
        }
    }

    @Override
    void checkAccepting(Origin origin) {
        RuntimeException rejection = rejection(origin, state, brokenCause);
        if (rejection != null) {
            throw rejection;
        }
    }

    @Override
    void enqueue(List<Task> tasks, Origin origin) {
        synchronized (lock) {
            checkAccepting(origin);
            // Before the tasks can finish, so that a listener never sees a task end before it was submitted.
            notifyListener(() -> listener.tasksSubmitted(tasks.size()));
            pending.addAll(tasks);
            dispatchLocked();
        }
    }

    @Override
    void cancel(Task task, boolean interrupt) {
        WorkerHandle toKill = null;
        synchronized (lock) {
            task.cancelled = true;
            if (task.worker == null) {
                pending.remove(task);
                return;
            }
            WorkerHandle worker = (WorkerHandle) task.worker;
            if (interrupt && worker.inFlight.peekFirst() == task && task.endReason == null) {
                task.endReason = new CancellationException("cancelled");
                worker.killedOnPurpose = true;
                toKill = worker;
            }
        }
        if (toKill != null) {
            kill(toKill);
        }
    }

    // ==================================================================================== life cycle

    @Override
    public void shutdown() {
        synchronized (lock) {
            if (state == State.RUNNING) {
                state = State.CLOSED;
            }
            shutDownIfDoneLocked();
        }
        unboundFeeders();
    }

    @Override
    public void terminate() {
        List<Task> toFail;
        synchronized (lock) {
            if (state == State.TERMINATED) {
                return;
            }
            toFail = terminateLocked();
        }
        failUnfinished(toFail, new PoolTerminatedException("The pool was terminated", null));
    }

    /** Kills every worker; returns the tasks to fail. Called with the lock held. */
    private List<Task> terminateLocked() {
        state = State.TERMINATED;
        List<Task> toFail = new ArrayList<>(pending);
        pending.clear();
        for (WorkerHandle worker : workers) {
            toFail.addAll(worker.inFlight);
            worker.killedOnPurpose = true;
            worker.stopWriter();
            if (worker.phase != WorkerHandle.Phase.GONE) {
                worker.phase = WorkerHandle.Phase.EXITING;
            }
            ChildProcess process = worker.process;
            if (process != null) {
                runOnMaintenance(() -> kill(process));
            }
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        finishIfDoneLocked();
        return toFail;
    }

    @Override
    long workerPidOf(Task task) {
        return task.worker instanceof WorkerHandle worker ? worker.pid : 0;
    }

    /** Once every worker is gone after shutdown or terminate: free the socket and threads. Lock held. */
    private void finishIfDoneLocked() {
        if (finished || state == State.RUNNING || !workers.isEmpty()) {
            return;
        }
        if (state == State.CLOSED && !nothingLeftLocked()) {
            return;
        }
        finished = true;
        atExit.cancel();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        PoolSocket.delete(socketPath);
        maintenance.shutdown();
        callbacks.close();
        terminated.countDown();
    }

    /** At exit: kill the workers at once rather than let them be terminated and waited for. */
    private void killAtExit() {
        List<WorkerHandle> toKill;
        synchronized (lock) {
            state = State.TERMINATED;
            toKill = new ArrayList<>(workers);
            for (WorkerHandle worker : toKill) {
                worker.killedOnPurpose = true;
            }
        }
        toKill.forEach(this::kill);
        PoolSocket.delete(socketPath);
    }

    @Override
    public PoolStats stats() {
        synchronized (lock) {
            int live = 0;
            int ready = 0;
            int running = 0;
            for (WorkerHandle worker : workers) {
                if (worker.process != null && !worker.exited) {
                    live++;
                }
                if (worker.phase == WorkerHandle.Phase.READY) {
                    ready++;
                }
                running += worker.inFlight.size();
            }
            return new PoolStats(
                    statsState(state, brokenCause != null), processes, live, ready, pending.size(), running);
        }
    }

    /** The pids of the live workers, for tests and diagnostics. */
    List<Long> workerPids() {
        synchronized (lock) {
            return workers.stream().filter(w -> w.pid > 0).map(w -> w.pid).toList();
        }
    }

    @Override
    public String toString() {
        return "Pool-" + number + "[processes=" + processes + ", "
                + context.startMethod().pythonName() + ", " + state.name().toLowerCase(Locale.ROOT) + "]";
    }
}
