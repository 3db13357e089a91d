package io.multiprocess.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The JDK {@link java.util.concurrent.ExecutorService} methods of a pool ({@code submit},
 * {@code execute}, {@code invokeAll}, {@code invokeAny}, {@code awaitTermination}, {@code shutdownNow},
 * {@code close}), written on top of the little they need of it: {@link Host}. {@link AbstractPool}
 * delegates its {@code ExecutorService} methods here, so that it keeps the Python API, the engine and the
 * life cycle. Submissions from here are refused with {@link java.util.concurrent.RejectedExecutionException}
 * once the pool no longer accepts tasks. Internal.
 */
final class ExecutorServiceAdapter {

    /** What the {@code ExecutorService} methods need of the pool; implemented inside {@link AbstractPool}. */
    interface Host {

        /**
         * Submits one task as an {@code ExecutorService} method does: its function is the task itself.
         *
         * @param kind    {@link Task#CALL} for a {@link Callable}, {@link Task#RUN} for a {@link Runnable}
         * @param task    the task
         * @param jobName the name of the job for messages: "submit", "execute"
         * @param mapper  maps the task's value to the result's, or null for the value itself
         * @param <T>     the type of the result
         * @return the task's result
         * @throws java.util.concurrent.RejectedExecutionException if the pool no longer accepts tasks
         */
        <T extends @Nullable Object> AsyncResult<T> submit(
                byte kind, Object task, String jobName, @Nullable Function<Object, T> mapper);

        /**
         * Submits callables, all or none, for {@code invokeAll} and {@code invokeAny}.
         *
         * @param tasks the callables
         * @param <T>   the type of their results
         * @return their results, in order
         * @throws java.util.concurrent.RejectedExecutionException if the pool no longer accepts tasks
         */
        <T extends @Nullable Object> List<AsyncResult<T>> submitAll(Collection<? extends Callable<T>> tasks);

        /**
         * The tasks given to {@code ExecutorService} methods that wait to be given to a worker.
         *
         * @return each one's {@link Runnable} or {@link Callable}, in queue order
         */
        List<Object> pendingOriginals();

        /** Python's {@code close()}: see {@link Pool#shutdown()}. */
        void shutdown();

        /** See {@link Pool#terminate()}. */
        void terminate();

        /**
         * Whether the pool has ended.
         *
         * @return true once it has
         */
        boolean isTerminated();

        /**
         * Waits until the pool has ended.
         *
         * @param nanos how long at most; {@code nanos < 0} without limit
         * @return true if it has ended
         * @throws InterruptedException if the thread is interrupted
         */
        boolean awaitTerminated(long nanos) throws InterruptedException;
    }

    private final Host pool;

    ExecutorServiceAdapter(Host pool) {
        this.pool = pool;
    }

    // ---------------------------------------------------------------------------------- submit, execute

    <T extends @Nullable Object> AsyncResult<T> submit(Callable<T> task) {
        return pool.submit(Task.CALL, task, "submit", null);
    }

    AsyncResult<?> submit(Runnable task) {
        return pool.submit(Task.RUN, task, "submit", null);
    }

    <T extends @Nullable Object> AsyncResult<T> submit(Runnable task, T result) {
        return pool.submit(Task.RUN, task, "submit", ignored -> result);
    }

    void execute(Runnable task) {
        AsyncResult<Object> result = pool.submit(Task.RUN, task, "execute", null);
        result.whenDone(() -> {
            if (!result.isCancelled() && !result.isSuccessful()) {
                try {
                    result.result();
                } catch (RuntimeException e) {
                    AbstractPool.LOG.warn("A task given to execute() failed: {}", task, e);
                }
            }
        });
    }

    // ---------------------------------------------------------------------------------- invokeAll, invokeAny

    <T extends @Nullable Object> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
            throws InterruptedException {
        List<AsyncResult<T>> results = pool.submitAll(tasks);
        try {
            for (AsyncResult<T> result : results) {
                awaitInterruptibly(result, -1);
            }
        } catch (InterruptedException e) {
            results.forEach(r -> r.cancel(true));
            throw e;
        }
        return new ArrayList<>(results);
    }

    <T extends @Nullable Object> List<Future<T>> invokeAll(
            Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        List<AsyncResult<T>> results = pool.submitAll(tasks);
        try {
            for (AsyncResult<T> result : results) {
                if (!awaitInterruptibly(result, Math.max(0, deadline - System.nanoTime()))) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            results.forEach(r -> r.cancel(true));
            throw e;
        }
        results.forEach(r -> r.cancel(true));
        return new ArrayList<>(results);
    }

    <T extends @Nullable Object> T invokeAny(Collection<? extends Callable<T>> tasks)
            throws InterruptedException, ExecutionException {
        try {
            return invokeAny(tasks, -1);
        } catch (TimeoutException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    <T extends @Nullable Object> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return invokeAny(tasks, Math.max(0, unit.toNanos(timeout)));
    }

    private <T extends @Nullable Object> T invokeAny(Collection<? extends Callable<T>> tasks, long nanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("invokeAny needs at least one task");
        }
        List<AsyncResult<T>> results = pool.submitAll(tasks);
        LinkedBlockingQueue<AsyncResult<T>> done = new LinkedBlockingQueue<>();
        results.forEach(r -> r.whenDone(() -> done.add(r)));
        long deadline = System.nanoTime() + nanos;
        ExecutionException last = null;
        try {
            for (int i = 0; i < results.size(); i++) {
                AsyncResult<T> next =
                        nanos < 0 ? done.take() : done.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new TimeoutException("No task of invokeAny succeeded within " + Duration.ofNanos(nanos));
                }
                try {
                    return next.get();
                } catch (ExecutionException e) {
                    last = e;
                } catch (CancellationException e) {
                    last = new ExecutionException("A task of invokeAny was cancelled", e);
                }
            }
            throw last;
        } finally {
            // The others' outcomes are dropped; running ones are not killed for it (a worker costs a JVM start).
            results.forEach(r -> r.cancel(false));
        }
    }

    private static boolean awaitInterruptibly(AsyncResult<?> result, long nanos) throws InterruptedException {
        try {
            if (nanos < 0) {
                result.get();
                return true;
            }
            result.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | CancellationException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------------------------- life cycle

    /** {@code ExecutorService.close()} of JDK 19+: an orderly shutdown, then wait; an interrupt terminates. */
    void close() {
        if (pool.isTerminated()) {
            return;
        }
        pool.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTerminated(TimeUnit.DAYS.toNanos(1))) {
                    break;
                }
            } catch (InterruptedException e) {
                if (!interrupted) {
                    pool.terminate();
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTerminated(unit.toNanos(timeout));
    }

    /** Terminates the pool; returns the tasks that never reached a worker (callables wrapped in a FutureTask). */
    List<Runnable> shutdownNow() {
        List<Runnable> neverStarted = new ArrayList<>();
        for (Object original : pool.pendingOriginals()) {
            if (original instanceof Runnable runnable) {
                neverStarted.add(runnable);
            } else if (original instanceof Callable<?> callable) {
                neverStarted.add(new FutureTask<>(callable));
            }
        }
        pool.terminate();
        return neverStarted;
    }
}
