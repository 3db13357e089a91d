package io.multiprocess.pool;

import io.multiprocess.SerializationException;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.serialization.Serializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Pool} whose tasks run wherever a {@link TaskRunner} sends them: the members of a cluster,
 * say. The same API and promises as a process pool, with the runner in the place of worker processes:
 * tasks and their items are serialized in the caller's thread, results come back with their values or
 * the tasks' own exceptions, callbacks run on the pool's callback thread, imap reads its input lazily.
 *
 * <pre>{@code
 * Pool pool = RemotePool.builder(runner).processes(8).taskTimeout(Duration.ofMinutes(1)).build();
 * }</pre>
 *
 * <p>Differences from a process pool, because the workers are not this pool's processes:
 * <ul>
 *   <li>{@link #processes()} is how many tasks the pool hands the runner at a time; the others wait in
 *       this JVM (where cancelling them is free and {@link #shutdownNow()} returns them).</li>
 *   <li>The task timeout counts from when the pool hands the task to the runner. A task that runs over
 *       it fails with {@link TaskTimeoutException} at once, and the runner is asked to stop it (a cluster
 *       interrupts the thread running it; a task that ignores interruption runs on there, and its outcome
 *       is dropped).</li>
 *   <li>{@link #terminate()} fails every unfinished result with {@link PoolTerminatedException} and asks
 *       the runner to stop the running tasks; {@link #join()} then returns without waiting for workers
 *       that ignore the interruption.</li>
 *   <li>What happens when a worker dies is the runner's to say: it fails the task with
 *       {@link io.multiprocess.pool.WorkerLostException}, or runs it again.</li>
 * </ul>
 * There is no initializer and no {@code maxTasksPerChild}: the workers live as long as the runner's.
 */
public final class RemotePool extends AbstractPool {

    private final Serializer serializer;
    private final TaskRunner runner;
    private final @Nullable Duration taskTimeout;
    private final FunctionRef.Cache functions = new FunctionRef.Cache();
    private final @Nullable ScheduledThreadPoolExecutor timer;

    private final Set<RemoteTask> running = new LinkedHashSet<>();
    private boolean finished;

    private RemotePool(Builder builder) {
        super(builder.processes, builder.listener);
        this.serializer = builder.serializer;
        this.runner = builder.runner;
        this.taskTimeout = builder.taskTimeout;
        if (taskTimeout != null) {
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = new Thread(r, threadName("timer"));
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.max(5, Math.min(100, taskTimeout.toMillis() / 10));
            timer.scheduleAtFixedRate(this::expireTasks, period, period, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    /**
     * A builder of a pool whose tasks {@code runner} runs.
     *
     * @param runner where the tasks run
     * @return the builder
     */
    public static Builder builder(TaskRunner runner) {
        return new Builder(Objects.requireNonNull(runner, "runner"));
    }

    /** The settings of a {@link RemotePool}. Not thread-safe; each {@link #build()} makes a new pool. */
    public static final class Builder {

        private final TaskRunner runner;
        private int processes = 1;
        private Serializer serializer = new KryoSerializer();
        private @Nullable Duration taskTimeout;
        private PoolListener listener = PoolListener.NONE;

        private Builder(TaskRunner runner) {
            this.runner = runner;
        }

        /**
         * How many tasks the pool hands the runner at a time (Python's {@code processes}); the default chunk
         * size of {@code map} is computed from it as Python does. Default 1.
         *
         * @param processes at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder processes(int processes) {
            if (processes < 1) {
                throw new IllegalArgumentException("processes must be at least 1, not " + processes);
            }
            this.processes = processes;
            return this;
        }

        /**
         * The serializer of functions, items and results; the workers must use the same one (the runner
         * tells them which). Default: a {@link KryoSerializer}.
         *
         * @param serializer the serializer
         * @return this builder
         */
        public Builder serializer(Serializer serializer) {
            this.serializer = Objects.requireNonNull(serializer, "serializer");
            return this;
        }

        /**
         * The longest a task may take, counted from when the pool hands it to the runner; for a chunk of
         * {@code map}/{@code imap}, this times the number of items in the chunk. Unset: no limit.
         *
         * @param taskTimeout a positive duration, or null for no limit
         * @return this builder
         * @throws IllegalArgumentException if zero or negative
         */
        public Builder taskTimeout(@Nullable Duration taskTimeout) {
            if (taskTimeout != null && (taskTimeout.isZero() || taskTimeout.isNegative())) {
                throw new IllegalArgumentException("taskTimeout must be positive, not " + taskTimeout);
            }
            this.taskTimeout = taskTimeout;
            return this;
        }

        /**
         * Adds a listener that is told about the pool's tasks, for metrics (see {@link PoolListener}); several
         * may be added, each is told in turn. The runner's workers are not this pool's processes: the
         * listener hears of no worker starting or ending. Unset: nobody.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(PoolListener listener) {
            Objects.requireNonNull(listener, "listener");
            PoolListener before = this.listener;
            this.listener = before == PoolListener.NONE ? listener : new PoolListeners(before, listener);
            return this;
        }

        /**
         * Creates the pool. It starts no thread until it has a task (or a task timeout to watch).
         *
         * @return the running pool
         */
        public RemotePool build() {
            return new RemotePool(this);
        }
    }

    /**
     * The serializer of this pool's tasks, which the workers must use too.
     *
     * @return the serializer
     */
    public Serializer serializer() {
        return serializer;
    }

    // ==================================================================================== the engine

    @Override
    FunctionRef functionRef(Object function) {
        refuseNonSerializableLambda(function, "This pool sends each task to another JVM");
        return functions.refFor(function, serializer);
    }

    @Override
    void prepare(Task task) {
        task.payload = Payloads.encode(task.items, task.from, task.to, serializer);
    }

    @Override
    void checkAccepting(Origin origin) {
        RuntimeException rejection = rejection(origin, state, null);
        if (rejection != null) {
            throw rejection;
        }
    }

    @Override
    void enqueue(List<Task> tasks, Origin origin) {
        List<RemoteTask> toStart;
        synchronized (lock) {
            checkAccepting(origin);
            notifyListener(() -> listener.tasksSubmitted(tasks.size()));
            pending.addAll(tasks);
            toStart = dispatchLocked();
        }
        start(toStart);
    }

    /** Moves pending tasks to the runner while fewer than {@code processes} run. Called with the lock held. */
    private List<RemoteTask> dispatchLocked() {
        List<RemoteTask> toStart = List.of();
        while (running.size() < processes && !pending.isEmpty() && state != State.TERMINATED) {
            Task task = pending.pollFirst();
            if (task.cancelled) {
                continue;
            }
            RemoteTask remote = new RemoteTask(task, this);
            task.worker = remote;
            remote.startedNanos = System.nanoTime();
            running.add(remote);
            if (toStart.isEmpty()) {
                toStart = new ArrayList<>();
            }
            toStart.add(remote);
        }
        return toStart;
    }

    /** Hands tasks to the runner, outside the lock. */
    private void start(List<RemoteTask> tasks) {
        for (RemoteTask task : tasks) {
            TaskRunner.RunningTask handle;
            try {
                handle = runner.start(task);
            } catch (RuntimeException | Error e) {
                task.failed(new io.multiprocess.MultiprocessException(
                        "The pool could not start " + task.description() + ": " + e, e));
                continue;
            }
            boolean cancelNow;
            synchronized (lock) {
                task.handle = handle;
                cancelNow = task.cancelWhenStarted;
            }
            if (cancelNow && handle != null) {
                handle.cancel();
            }
        }
    }

    boolean isFinished(RemoteTask task) {
        synchronized (lock) {
            return task.finished;
        }
    }

    /** A runner's report: {@code response} or {@code reason}. */
    void onReport(RemoteTask remote, byte[] response, RuntimeException reason) {
        List<RemoteTask> toStart;
        Runnable finish;
        synchronized (lock) {
            if (remote.finished) {
                return;
            }
            remote.finished = true;
            running.remove(remote);
            toStart = dispatchLocked();
            finish = shutDownIfDoneLocked();
        }
        start(toStart);
        Task task = remote.task;
        if (!task.cancelled) {
            if (reason != null) {
                deliverFailed(task, reason);
            } else {
                Object[] outcomes = null;
                RuntimeException unreadable = null;
                try {
                    outcomes = remote.decode(response, serializer);
                } catch (RuntimeException | LinkageError e) {
                    unreadable = new SerializationException(
                            "The result of " + task.describe() + " could not be read: " + e.getMessage(), e);
                }
                if (unreadable != null) {
                    deliverFailed(task, unreadable);
                } else {
                    deliverCompleted(task, outcomes, remote.workerPid, remote.runNanos);
                }
            }
        }
        if (finish != null) {
            finish.run();
        }
    }

    @Override
    void cancel(Task task, boolean interrupt) {
        TaskRunner.RunningTask toCancel = null;
        List<RemoteTask> toStart = List.of();
        Runnable finish;
        synchronized (lock) {
            task.cancelled = true;
            if (task.worker == null) {
                pending.remove(task);
                finish = shutDownIfDoneLocked();
            } else {
                RemoteTask remote = (RemoteTask) task.worker;
                if (interrupt && !remote.finished) {
                    remote.finished = true;
                    running.remove(remote);
                    toCancel = remote.handle;
                    remote.cancelWhenStarted = toCancel == null;
                    toStart = dispatchLocked();
                }
                finish = shutDownIfDoneLocked();
            }
        }
        if (toCancel != null) {
            toCancel.cancel();
        }
        start(toStart);
        if (finish != null) {
            finish.run();
        }
    }

    private void expireTasks() {
        List<RemoteTask> expired = new ArrayList<>();
        List<RemoteTask> toStart;
        Runnable finish;
        long now = System.nanoTime();
        synchronized (lock) {
            for (RemoteTask remote : running) {
                if (now - remote.startedNanos > taskTimeout.toNanos() * remote.task.outcomeCount()) {
                    expired.add(remote);
                }
            }
            for (RemoteTask remote : expired) {
                remote.finished = true;
                running.remove(remote);
                remote.cancelWhenStarted = remote.handle == null;
            }
            toStart = dispatchLocked();
            finish = shutDownIfDoneLocked();
        }
        for (RemoteTask remote : expired) {
            if (remote.handle != null) {
                remote.handle.cancel();
            }
            Task task = remote.task;
            Duration limit = taskTimeout.multipliedBy(task.outcomeCount());
            if (!task.cancelled) {
                deliverFailed(
                        task,
                        new TaskTimeoutException(
                                capitalized(task.describe()) + " ran longer than the task " + "timeout of " + limit
                                        + " on " + runner.describe()
                                        + "; it was asked to stop (its thread is interrupted)",
                                limit,
                                0));
            }
        }
        start(toStart);
        if (finish != null) {
            finish.run();
        }
    }

    @Override
    void onFeederFinished() {
        Runnable finish;
        synchronized (lock) {
            finish = shutDownIfDoneLocked();
        }
        if (finish != null) {
            finish.run();
        }
    }

    // ==================================================================================== life cycle

    /**
     * After shutdown, once no work is left (or after terminate): marks the pool finished and returns what
     * to run outside the lock to release the runner and threads; null if not done. Lock held.
     */
    private @Nullable Runnable shutDownIfDoneLocked() {
        if (finished || state == State.RUNNING) {
            return null;
        }
        if (state == State.CLOSED && (!pending.isEmpty() || !running.isEmpty() || hasActiveFeeders())) {
            return null;
        }
        finished = true;
        return () -> {
            if (timer != null) {
                timer.shutdownNow();
            }
            try {
                runner.close();
            } catch (RuntimeException e) {
                LOG.warn("{}: closing its runner failed", this, e);
            }
            callbacks.close();
            terminated.countDown();
        };
    }

    @Override
    public void shutdown() {
        Runnable finish;
        synchronized (lock) {
            if (state == State.RUNNING) {
                state = State.CLOSED;
            }
            finish = shutDownIfDoneLocked();
        }
        unboundFeeders();
        if (finish != null) {
            finish.run();
        }
    }

    @Override
    public void terminate() {
        List<Task> toFail = new ArrayList<>();
        List<TaskRunner.RunningTask> toCancel = new ArrayList<>();
        Runnable finish;
        synchronized (lock) {
            if (state == State.TERMINATED) {
                return;
            }
            state = State.TERMINATED;
            toFail.addAll(pending);
            pending.clear();
            for (RemoteTask remote : running) {
                remote.finished = true;
                toFail.add(remote.task);
                if (remote.handle != null) {
                    toCancel.add(remote.handle);
                } else {
                    remote.cancelWhenStarted = true;
                }
            }
            running.clear();
            finish = shutDownIfDoneLocked();
        }
        for (TaskRunner.RunningTask handle : toCancel) {
            try {
                handle.cancel();
            } catch (RuntimeException e) {
                LOG.warn("{}: cancelling a running task failed", this, e);
            }
        }
        PoolTerminatedException reason = new PoolTerminatedException("The pool was terminated", null);
        failUnfinished(toFail, reason);
        if (finish != null) {
            finish.run();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Here the workers are the runner's ({@link TaskRunner#workers()}): the live and ready workers are
     * what it reports, or {@link #processes()} when it cannot say; running tasks are those handed to it.
     */
    @Override
    public PoolStats stats() {
        int workers = runner.workers();
        synchronized (lock) {
            int live = workers >= 0 ? workers : processes;
            return new PoolStats(statsState(state, false), processes, live, live, pending.size(), running.size());
        }
    }

    @Override
    public String toString() {
        return "Pool-" + number + "[processes=" + processes + ", " + runner.describe() + ", "
                + state.name().toLowerCase(Locale.ROOT) + "]";
    }
}
