package io.multiprocess.pool;

import io.multiprocess.process.Processes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Pool} API on threads of this JVM: Python's {@code multiprocessing.pool.ThreadPool} and
 * {@code multiprocessing.dummy.Pool}. For I/O-bound work, and for tests of code written against
 * {@code Pool}. Nothing is serialized, so any lambda works, including with the JDK-typed
 * {@link java.util.concurrent.ExecutorService} methods.
 *
 * <pre>{@code
 * try (ThreadPool pool = new ThreadPool(8)) {
 *     List<String> pages = pool.map(url -> fetch(url), urls);
 * }
 * }</pre>
 *
 * <p>Differences from the process pool, all because a thread cannot be killed: a task that runs over
 * the task timeout fails with {@link TaskTimeoutException} and its thread is interrupted and replaced
 * (the thread ends whenever the task gives up); {@link #terminate()} interrupts running tasks rather
 * than killing them, and {@link #join()} does not wait for tasks that ignore the interruption (their
 * threads are daemons, and their outcomes are dropped). A task that calls {@code System.exit} ends this
 * JVM. The initializer runs once per thread, and {@code maxTasksPerChild} replaces a thread after that
 * many tasks.
 */
public final class ThreadPool extends AbstractPool {

    private final @Nullable Runnable initializer;
    private final int maxTasksPerChild;
    private final @Nullable Duration taskTimeout;

    private final Set<WorkerThread> workers = new HashSet<>();
    private final @Nullable ScheduledExecutorService timer;
    private @Nullable Throwable brokenCause;
    private int startFailuresInARow;

    /** A thread pool with one thread per CPU ({@link Processes#cpuCount()}), as Python's default. */
    public ThreadPool() {
        this(Processes.cpuCount());
    }

    /**
     * A thread pool with {@code processes} threads.
     *
     * @param processes the number of threads, at least 1
     * @throws IllegalArgumentException if below 1
     */
    public ThreadPool(int processes) {
        this(processes, null, 0, null);
    }

    /**
     * A thread pool whose threads each run {@code initializer} once, before their first task. Python's
     * {@code ThreadPool(processes, initializer)}.
     *
     * @param processes   the number of threads, at least 1
     * @param initializer run once per thread; may be null
     * @throws IllegalArgumentException if {@code processes} is below 1
     */
    public ThreadPool(int processes, @Nullable Runnable initializer) {
        this(processes, initializer, 0, null);
    }

    ThreadPool(int processes, @Nullable Runnable initializer, int maxTasksPerChild, @Nullable Duration taskTimeout) {
        this(processes, initializer, maxTasksPerChild, taskTimeout, PoolListener.NONE);
    }

    ThreadPool(
            int processes,
            @Nullable Runnable initializer,
            int maxTasksPerChild,
            @Nullable Duration taskTimeout,
            PoolListener listener) {
        super(processes, listener);
        this.initializer = initializer;
        this.maxTasksPerChild = maxTasksPerChild;
        this.taskTimeout = taskTimeout;
        if (taskTimeout != null) {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = new Thread(r, threadName("timer"));
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.max(5, Math.min(100, taskTimeout.toMillis() / 10));
            executor.scheduleAtFixedRate(this::expireTasks, period, period, TimeUnit.MILLISECONDS);
            timer = executor;
        } else {
            timer = null;
        }
        synchronized (lock) {
            for (int i = 0; i < processes; i++) {
                startThread();
            }
        }
    }

    // ------------------------------------------------------------------------------------ engine

    @Override
    FunctionRef functionRef(Object function) {
        return FunctionRef.local(function);
    }

    @Override
    void prepare(Task task) {
        // Threads share this JVM's objects: nothing to serialize.
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
            notifyListener(() -> listener.tasksSubmitted(tasks.size()));
            pending.addAll(tasks);
            lock.notifyAll();
        }
    }

    @Override
    void cancel(Task task, boolean interrupt) {
        WorkerThread stop = null;
        synchronized (lock) {
            task.cancelled = true;
            if (pending.remove(task)) {
                return;
            }
            if (interrupt) {
                for (WorkerThread worker : workers) {
                    if (worker.current == task) {
                        stop = worker;
                        abandon(worker);
                        break;
                    }
                }
            }
        }
        if (stop != null) {
            stop.thread.interrupt();
        }
    }

    @Override
    void onFeederFinished() {
        synchronized (lock) {
            lock.notifyAll();
            checkTerminated();
        }
    }

    /** Called with the lock held: a thread that ran a task over its time, or was cancelled, is left behind. */
    private void abandon(WorkerThread worker) {
        worker.abandoned = true;
        workers.remove(worker);
        if (state != State.TERMINATED) {
            startThread();
        }
    }

    private void expireTasks() {
        List<WorkerThread> expired = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (lock) {
            for (WorkerThread worker : workers) {
                Task task = worker.current;
                if (task != null && now - worker.startedNanos > taskTimeout.toNanos() * task.outcomeCount()) {
                    expired.add(worker);
                }
            }
            for (WorkerThread worker : expired) {
                worker.expiredTask = worker.current;
                abandon(worker);
            }
        }
        for (WorkerThread worker : expired) {
            Task task = worker.expiredTask;
            Duration limit = taskTimeout.multipliedBy(task.outcomeCount());
            deliverFailed(
                    task,
                    new TaskTimeoutException(
                            capitalized(task.describe()) + " ran longer than the task timeout of " + limit
                                    + " on thread " + worker.thread.getName()
                                    + "; the thread was interrupted and replaced",
                            limit,
                            0));
            worker.thread.interrupt();
        }
    }

    // ------------------------------------------------------------------------------------ threads

    /** Called with the lock held. */
    private void startThread() {
        WorkerThread worker = new WorkerThread();
        worker.thread = new Thread(() -> serve(worker), threadName("thread"));
        worker.thread.setDaemon(true);
        workers.add(worker);
        worker.thread.start();
    }

    private final class WorkerThread {
        Thread thread;
        volatile @Nullable Task current;
        long startedNanos;
        int tasksDone;
        boolean abandoned;
        Task expiredTask;
    }

    private void serve(WorkerThread worker) {
        try {
            if (initializer != null) {
                try {
                    initializer.run();
                } catch (Throwable t) {
                    initializerFailed(worker, t);
                    return;
                }
            }
            synchronized (lock) {
                startFailuresInARow = 0;
            }
            while (true) {
                Task task = take(worker);
                if (task == null) {
                    return;
                }
                long started = System.nanoTime();
                Map<String, String> headers = task.headers;
                if (headers != null) {
                    CurrentHeaders.enter(headers);
                }
                Object[] outcomes;
                try {
                    outcomes = Task.execute(task.kind, task.function, task.items, task.from, task.to, false);
                } finally {
                    if (headers != null) {
                        CurrentHeaders.exit(headers);
                    }
                }
                long ran = System.nanoTime() - started;
                boolean deliver;
                synchronized (lock) {
                    deliver = !worker.abandoned;
                    worker.current = null;
                    worker.tasksDone++;
                }
                if (!deliver) {
                    return;
                }
                if (!task.cancelled) {
                    deliverCompleted(task, outcomes, 0, ran);
                }
            }
        } finally {
            threadEnded(worker);
        }
    }

    private @Nullable Task take(WorkerThread worker) {
        synchronized (lock) {
            while (true) {
                if (worker.abandoned
                        || state == State.TERMINATED
                        || (maxTasksPerChild > 0 && worker.tasksDone >= maxTasksPerChild)) {
                    return null;
                }
                Task task = pending.poll();
                if (task != null) {
                    if (task.cancelled) {
                        continue;
                    }
                    worker.current = task;
                    worker.startedNanos = System.nanoTime();
                    return task;
                }
                if (state == State.CLOSED && !hasActiveFeeders()) {
                    return null;
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    // Interrupts are for tasks; a waiting thread re-checks its state.
                }
            }
        }
    }

    private void initializerFailed(WorkerThread worker, Throwable error) {
        LOG.warn("The initializer of {} failed on thread {}", this, worker.thread.getName(), error);
        List<Task> toFail = null;
        synchronized (lock) {
            worker.abandoned = true;
            workers.remove(worker);
            startFailuresInARow++;
            if (startFailuresInARow >= 3 && state != State.TERMINATED) {
                brokenCause = new PoolTerminatedException(
                        "The pool's initializer failed on " + startFailuresInARow
                                + " threads in a row (the last error is the cause)",
                        error);
                toFail = terminateLocked();
            } else if (state != State.TERMINATED) {
                startThread();
            }
            checkTerminated();
        }
        if (toFail != null) {
            failUnfinished(toFail, (PoolTerminatedException) brokenCause);
        }
    }

    private void threadEnded(WorkerThread worker) {
        synchronized (lock) {
            if (!worker.abandoned
                    && workers.remove(worker)
                    && state != State.TERMINATED
                    && (state == State.RUNNING || !pending.isEmpty() || hasActiveFeeders())) {
                startThread();
            }
            checkTerminated();
        }
    }

    /** Called with the lock held. */
    private void checkTerminated() {
        if (terminated.getCount() == 0) {
            return;
        }
        boolean done = state == State.TERMINATED
                || (state == State.CLOSED && pending.isEmpty() && !hasActiveFeeders() && noneRunning());
        if (done && workers.isEmpty()) {
            if (timer != null) {
                timer.shutdownNow();
            }
            callbacks.close();
            terminated.countDown();
        } else if (done) {
            lock.notifyAll();
        }
    }

    private boolean noneRunning() {
        for (WorkerThread worker : workers) {
            if (worker.current != null) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------ life cycle

    @Override
    public void shutdown() {
        synchronized (lock) {
            if (state == State.RUNNING) {
                state = State.CLOSED;
            }
            lock.notifyAll();
            checkTerminated();
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
        failUnfinished(toFail, new PoolTerminatedException("The pool was terminated before the task finished", null));
    }

    /** Called with the lock held: returns the tasks to fail outside the lock. */
    private List<Task> terminateLocked() {
        state = State.TERMINATED;
        List<Task> toFail = new ArrayList<>(pending);
        pending.clear();
        for (WorkerThread worker : new ArrayList<>(workers)) {
            Task task = worker.current;
            if (task != null) {
                toFail.add(task);
                worker.abandoned = true;
                workers.remove(worker);
                worker.thread.interrupt();
            }
        }
        lock.notifyAll();
        checkTerminated();
        return toFail;
    }

    @Override
    public PoolStats stats() {
        synchronized (lock) {
            int running = 0;
            for (WorkerThread worker : workers) {
                if (worker.current != null) {
                    running++;
                }
            }
            return new PoolStats(
                    statsState(state, brokenCause != null),
                    processes,
                    workers.size(),
                    workers.size(),
                    pending.size(),
                    running);
        }
    }

    @Override
    public String toString() {
        return "ThreadPool-" + number + "[threads=" + processes + ", "
                + state.name().toLowerCase(Locale.ROOT) + "]";
    }
}
