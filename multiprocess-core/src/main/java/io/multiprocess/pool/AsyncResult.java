package io.multiprocess.pool;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.ProcessStateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The result of a task given to a {@link Pool}: Python's {@code AsyncResult} ({@code ApplyResult},
 * {@code MapResult}), which is also a JDK {@link Future} and can be viewed as a
 * {@link CompletableFuture}.
 *
 * <pre>{@code
 * AsyncResult<Integer> r = pool.applyAsync(x -> x * x, 7);
 * r.await(Duration.ofSeconds(1));            // Python's wait(timeout): true once ready
 * int value = r.result();                    // Python's get(): 49, or throws
 * r.toCompletableFuture().thenAccept(System.out::println);
 * }</pre>
 *
 * <p>How a failure is reported, by method:
 * <ul>
 *   <li>{@link #result()} and {@link #result(Duration)} (Python's {@code get}) throw unchecked
 *       exceptions: {@link TaskFailedException} with the task's own exception as its cause (type,
 *       message and the worker's stack trace preserved), or the library's exception for a task that
 *       could not finish: {@link io.multiprocess.pool.WorkerLostException} (its worker died),
 *       {@link io.multiprocess.pool.TaskTimeoutException}, {@link io.multiprocess.pool.PoolTerminatedException};
 *       {@link ResultTimeoutException} when the wait times out; {@link CancellationException} after
 *       {@link #cancel(boolean)}.</li>
 *   <li>{@link #get()} and {@link #get(long, TimeUnit)} follow {@link Future}: an
 *       {@link ExecutionException} whose cause is the task's exception or the library's exception.</li>
 *   <li>The error callback and the {@link CompletableFuture} view receive the task's exception or the
 *       library's exception itself.</li>
 * </ul>
 *
 * <p>Callbacks run in the parent, on the pool's single callback thread (named
 * {@code multiprocess-pool-N-callbacks}), one at a time in the order the results arrive, as Python runs
 * them on its result-handler thread: keep them short. The {@link CompletableFuture} view is completed on
 * that thread too. Blocking methods throw {@link InterruptedOperationException} (or, for the
 * {@code Future} methods, {@link InterruptedException}) when the waiting thread is interrupted; the
 * task goes on.
 *
 * @param <T> the type of the result
 */
public final class AsyncResult<T extends @Nullable Object> implements Future<T> {

    private static final Object PENDING = new Object();
    private static final Object NULL = new Object();

    /** A failed outcome: the task's own exception (remote) or the library's reason. */
    private record Failed(Throwable reason, boolean remote, long pid, boolean cancelled) {}

    /** The pool's callback thread ({@code PoolCallbacks}): all this result needs of its pool. */
    private final Executor callbacks;

    private final String description;
    private final @Nullable Consumer<? super T> callback;
    private final @Nullable Consumer<? super Throwable> errorCallback;
    private volatile Object state = PENDING;
    private volatile @Nullable Canceller canceller;
    private @Nullable List<Runnable> listeners;
    private @Nullable CompletableFuture<T> view;

    /** Undoes the work behind a result on {@link #cancel(boolean)}. */
    interface Canceller {
        void cancel(boolean mayInterruptIfRunning);
    }

    AsyncResult(
            Executor callbacks,
            String description,
            @Nullable Consumer<? super T> callback,
            @Nullable Consumer<? super Throwable> errorCallback) {
        this.callbacks = callbacks;
        this.description = description;
        this.callback = callback;
        this.errorCallback = errorCallback;
    }

    void setCanceller(Canceller canceller) {
        this.canceller = canceller;
    }

    // ---------------------------------------------------------------- completion (the pool's side)

    boolean complete(T value) {
        return finish(value == null ? NULL : value);
    }

    /** The task itself threw {@code error} in the worker with this pid (0 for a thread). */
    boolean failRemote(Throwable error, long pid) {
        return finish(new Failed(error, true, pid, false));
    }

    /** The task could not finish, for the library's {@code reason}. */
    boolean fail(Throwable reason) {
        return finish(new Failed(reason, false, 0, false));
    }

    /** Runs {@code listener} once done, on the completing thread (or now, if done). Must be quick. */
    void whenDone(Runnable listener) {
        synchronized (this) {
            if (state == PENDING) {
                if (listeners == null) {
                    listeners = new ArrayList<>(2);
                }
                listeners.add(listener);
                return;
            }
        }
        listener.run();
    }

    private boolean finish(Object outcome) {
        List<Runnable> toRun;
        CompletableFuture<T> toComplete;
        synchronized (this) {
            if (state != PENDING) {
                return false;
            }
            state = outcome;
            notifyAll();
            toRun = listeners;
            listeners = null;
            toComplete = view;
        }
        if (toRun != null) {
            for (Runnable listener : toRun) {
                listener.run();
            }
        }
        boolean hasCallback = outcome instanceof Failed f ? errorCallback != null && !f.cancelled() : callback != null;
        if (hasCallback || toComplete != null) {
            callbacks.execute(() -> {
                runCallback(outcome);
                if (toComplete != null) {
                    completeView(toComplete, outcome);
                }
            });
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private void runCallback(Object outcome) {
        try {
            if (outcome instanceof Failed f) {
                if (errorCallback != null && !f.cancelled()) {
                    errorCallback.accept(f.reason());
                }
            } else if (callback != null) {
                callback.accept(outcome == NULL ? null : (T) outcome);
            }
        } catch (RuntimeException | Error e) {
            AbstractPool.LOG.warn("A callback of {} threw; the pool goes on", description, e);
        }
    }

    @SuppressWarnings("unchecked")
    private void completeView(CompletableFuture<T> future, Object outcome) {
        if (outcome instanceof Failed f) {
            future.completeExceptionally(
                    f.cancelled() ? new CancellationException(f.reason().getMessage()) : f.reason());
        } else {
            future.complete(outcome == NULL ? null : (T) outcome);
        }
    }

    // ---------------------------------------------------------------- Python's API

    /**
     * Whether the task has finished (successfully or not). Python's {@code ready()}.
     *
     * @return true once the result is available
     */
    public boolean isReady() {
        return state != PENDING;
    }

    /**
     * Whether the task finished without an exception. Python's {@code successful()}.
     *
     * @return true if a value is available
     * @throws ProcessStateException if the result is not ready yet (Python raises {@code ValueError})
     */
    public boolean isSuccessful() {
        Object s = state;
        if (s == PENDING) {
            throw new ProcessStateException(
                    "The result of " + description + " is not ready; check isReady() or await() first");
        }
        return !(s instanceof Failed);
    }

    /**
     * Waits until the result is ready. Python's {@code wait()}.
     *
     * @throws InterruptedOperationException if the thread is interrupted (its interrupt status is set again)
     */
    public void await() {
        try {
            awaitInterruptibly(-1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("the result of " + description, e);
        }
    }

    /**
     * Waits until the result is ready or the timeout passes. Python's {@code wait(timeout)}.
     *
     * @param timeout how long to wait at most; zero or negative checks without waiting
     * @return true if the result is ready
     * @throws InterruptedOperationException if the thread is interrupted (its interrupt status is set again)
     */
    public boolean await(Duration timeout) {
        try {
            return awaitInterruptibly(Math.max(0, timeout.toNanos()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("the result of " + description, e);
        }
    }

    /**
     * Waits for the result and returns it. Python's {@code get()}.
     *
     * @return the task's value
     * @throws TaskFailedException if the task threw (its exception is the cause)
     * @throws io.multiprocess.pool.WorkerLostException if the worker running it died
     * @throws io.multiprocess.pool.TaskTimeoutException if it ran longer than the pool's task timeout
     * @throws io.multiprocess.pool.PoolTerminatedException if the pool was terminated first
     * @throws CancellationException if the result was cancelled
     * @throws InterruptedOperationException if the thread is interrupted (its interrupt status is set again)
     */
    public T result() {
        await();
        return report();
    }

    /**
     * Waits at most {@code timeout} for the result and returns it. Python's {@code get(timeout)}.
     *
     * @param timeout how long to wait at most
     * @return the task's value
     * @throws ResultTimeoutException if the result is not ready in time (the task goes on)
     * @throws TaskFailedException if the task threw (its exception is the cause)
     * @throws io.multiprocess.pool.WorkerLostException if the worker running it died
     * @throws io.multiprocess.pool.TaskTimeoutException if it ran longer than the pool's task timeout
     * @throws io.multiprocess.pool.PoolTerminatedException if the pool was terminated first
     * @throws CancellationException if the result was cancelled
     * @throws InterruptedOperationException if the thread is interrupted (its interrupt status is set again)
     */
    public T result(Duration timeout) {
        if (!await(timeout)) {
            throw new ResultTimeoutException(
                    "The result of " + description + " was not ready within " + timeout
                            + "; the task goes on and can be waited for again",
                    timeout);
        }
        return report();
    }

    @SuppressWarnings("unchecked")
    private T report() {
        Object s = state;
        if (s instanceof Failed f) {
            if (f.cancelled()) {
                throw new CancellationException("The result of " + description + " was cancelled");
            }
            if (f.remote()) {
                throw new TaskFailedException(
                        AbstractPool.capitalized(description) + " failed"
                                + (f.pid() > 0 ? " in worker pid " + f.pid() : "") + ": " + f.reason(),
                        f.pid(),
                        f.reason());
            }
            if (f.reason() instanceof RuntimeException e) {
                throw e;
            }
            throw new io.multiprocess.MultiprocessException(
                    AbstractPool.capitalized(description) + " failed: " + f.reason(), f.reason());
        }
        return s == NULL ? null : (T) s;
    }

    /**
     * A {@link CompletableFuture} that completes with this result: with the value, or exceptionally with
     * the task's own exception (or the library's exception for a task that could not finish). It is
     * completed on the pool's callback thread, so dependent stages without an executor run there too
     * (use the {@code ...Async} variants for slow work, and do not wait for another result's view inside
     * a callback: it completes on the same thread). Completing or cancelling the view does not affect the
     * task.
     *
     * @return the view; the same object on every call
     */
    public CompletableFuture<T> toCompletableFuture() {
        Object outcome;
        CompletableFuture<T> future;
        synchronized (this) {
            if (view != null) {
                return view;
            }
            view = new CompletableFuture<>();
            future = view;
            outcome = state;
        }
        if (outcome != PENDING) {
            completeView(future, outcome);
        }
        return future;
    }

    // ---------------------------------------------------------------- Future

    /**
     * Cancels the task. A task not yet sent to a worker never runs. A task that a worker already holds
     * runs to its end and its outcome is dropped, unless {@code mayInterruptIfRunning} is true and the
     * task is running: then its worker is killed and replaced (a thread pool interrupts the thread).
     * For a map, every chunk of it is cancelled.
     *
     * @param mayInterruptIfRunning whether a running task is stopped by killing its worker
     * @return true if this call cancelled the result; false if it was already done
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!finish(new Failed(new CancellationException("cancelled"), false, 0, true))) {
            return false;
        }
        Canceller c = canceller;
        if (c != null) {
            c.cancel(mayInterruptIfRunning);
        }
        return true;
    }

    @Override
    public boolean isCancelled() {
        return state instanceof Failed f && f.cancelled();
    }

    @Override
    public boolean isDone() {
        return state != PENDING;
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        awaitInterruptibly(-1);
        return reportForFuture();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (!awaitInterruptibly(Math.max(0, unit.toNanos(timeout)))) {
            throw new TimeoutException("The result of " + description + " was not ready within " + timeout + " "
                    + unit.toString().toLowerCase(Locale.ROOT));
        }
        return reportForFuture();
    }

    @SuppressWarnings("unchecked")
    private T reportForFuture() throws ExecutionException {
        Object s = state;
        if (s instanceof Failed f) {
            if (f.cancelled()) {
                throw new CancellationException("The result of " + description + " was cancelled");
            }
            throw new ExecutionException(
                    AbstractPool.capitalized(description) + " failed"
                            + (f.remote() && f.pid() > 0 ? " in worker pid " + f.pid() : "") + ": " + f.reason(),
                    f.reason());
        }
        return s == NULL ? null : (T) s;
    }

    /** Waits; {@code nanos < 0} without limit. Returns whether the result is ready. */
    private boolean awaitInterruptibly(long nanos) throws InterruptedException {
        if (state != PENDING) {
            return true;
        }
        if (nanos == 0) {
            return false;
        }
        long deadline = System.nanoTime() + nanos;
        synchronized (this) {
            while (state == PENDING) {
                if (nanos < 0) {
                    wait();
                } else {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        }
        return true;
    }

    @Override
    public String toString() {
        Object s = state;
        String status = s == PENDING
                ? "pending"
                : s instanceof Failed f ? (f.cancelled() ? "cancelled" : "failed: " + f.reason()) : "ready";
        return "AsyncResult[" + description + ", " + status + "]";
    }
}
