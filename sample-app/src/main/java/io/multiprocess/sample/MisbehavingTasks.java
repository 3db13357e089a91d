package io.multiprocess.sample;

import io.multiprocess.context.ProcessContext;
import io.multiprocess.pool.Pool;
import io.multiprocess.spring.monitor.PoolActivity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Runs tasks that misbehave in a pool of their own: one worker with a small heap
 * ({@code -Xmx64m -XX:+ExitOnOutOfMemoryError}) and a task timeout. A task that exhausts its heap or calls
 * {@code System.exit} ends its worker ({@link io.multiprocess.pool.WorkerLostException}); one that loops
 * forever is killed with its worker at the timeout ({@link io.multiprocess.pool.TaskTimeoutException}). Either
 * way a new worker replaces it and the next task runs. The pool starts on first use.
 */
@Service
public class MisbehavingTasks implements DisposableBean {

    /** What a task may do. */
    public enum Kind {
        /** Returns its worker's pid, as a task should. */
        BEHAVE,
        /** Allocates until its worker's heap is exhausted. */
        HEAP,
        /** Calls {@code System.exit(13)}. */
        EXIT,
        /** Spins forever. */
        LOOP;

        static Kind parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown kind '" + name + "': use behave, heap, exit or loop", e);
            }
        }
    }

    private final ProcessContext processes;
    private final Duration timeout;
    private volatile Pool pool;
    private boolean closed;
    /** What the dashboard shows of the isolation pool (a bean: see {@link SampleApplication}). */
    private final PoolActivity activity = new PoolActivity("isolation", () -> Optional.ofNullable(pool));

    MisbehavingTasks(ProcessContext processes, @Value("${sample.isolation.task-timeout:5s}") Duration timeout) {
        this.processes = processes;
        this.timeout = timeout;
    }

    /**
     * Runs a task of this kind in the isolation pool and waits for it.
     *
     * @param kind what the task does
     * @return the pid of the worker that ran it (only {@link Kind#BEHAVE} returns)
     * @throws io.multiprocess.pool.WorkerLostException if the task ended its worker (heap, exit)
     * @throws io.multiprocess.pool.TaskTimeoutException if the task ran over the timeout (loop)
     * @throws io.multiprocess.ProcessStateException if the service is shutting down
     */
    public long run(Kind kind) {
        return switch (kind) {
            case BEHAVE -> pool().apply(() -> ProcessHandle.current().pid());
            case HEAP -> pool().apply(MisbehavingTasks::exhaustTheHeap);
            case EXIT ->
                pool().apply(() -> {
                    System.err.println("misbehaving task: calling System.exit(13)");
                    System.exit(13);
                    return 0L;
                });
            case LOOP -> pool().apply(MisbehavingTasks::spin);
        };
    }

    /**
     * What the isolation pool did lately, for the dashboard.
     *
     * @return the pool's activity
     */
    public PoolActivity activity() {
        return activity;
    }

    /**
     * The task timeout of the isolation pool.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    private static long exhaustTheHeap() {
        List<long[]> hoard = new ArrayList<>();
        while (true) {
            hoard.add(new long[1 << 17]);
        }
    }

    private static long spin() {
        long n = 0;
        while (n >= 0) {
            n = (n + 1) & Long.MAX_VALUE;
        }
        return n;
    }

    private synchronized Pool pool() {
        if (closed) {
            throw new io.multiprocess.ProcessStateException("the service is shutting down");
        }
        if (pool == null) {
            pool = processes
                    .withJvmOptions("-Xmx64m", "-XX:+ExitOnOutOfMemoryError")
                    .poolBuilder()
                    .processes(1)
                    .taskTimeout(timeout)
                    .listener(activity)
                    .build();
        }
        return pool;
    }

    /** Kills the isolation pool's worker, if it started. */
    @Override
    public synchronized void destroy() {
        closed = true;
        if (pool != null) {
            pool.close();
        }
    }
}
