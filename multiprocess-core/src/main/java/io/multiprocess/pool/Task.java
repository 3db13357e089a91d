package io.multiprocess.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One unit of work handed to one worker: a call, or a function applied to a chunk of items. Python's
 * task tuples {@code (job, i, func, args, kwds)}, where a chunk of {@code map} is one task. Internal.
 *
 * <p>Created in the caller's thread, which also serializes it for a process pool
 * ({@link #functionRef}, {@link #payload}), so that a value that cannot be sent fails there. The
 * scheduling fields belong to the pool's engine and are guarded by its lock.
 */
final class Task {

    /** Calls a {@link Callable}; one outcome. */
    static final byte CALL = 1;
    /** Runs a {@link Runnable}; one outcome, null. */
    static final byte RUN = 2;
    /** Applies a {@link Function} to each item. */
    static final byte MAP = 3;
    /** Applies a {@link BiFunction} to each pair; items hold the pairs flattened: a0, b0, a1, b1... */
    static final byte STARMAP = 4;

    private static final VarHandle CONTEXT;

    static {
        try {
            CONTEXT = MethodHandles.lookup().findVarHandle(Task.class, "context", TaskContext.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long id;
    final byte kind;
    final Object function;
    final @Nullable Object[] items;
    final int from;
    final int to;
    final TaskSink sink;
    /** The position of this task's first outcome in its job (map offset, imap position). */
    final long firstIndex;
    /** The user's Runnable or Callable, for {@code shutdownNow()}; null for map chunks. */
    final @Nullable Object original;

    /** For process pools: the serialized function. */
    @Nullable
    FunctionRef functionRef;
    /** For process pools: the serialized items. */
    byte @Nullable [] payload;
    /** What the pool's {@link TaskContextPropagator} made for this task; taken once, when it ends. */
    @Nullable
    volatile TaskContext context;
    /** The headers of {@link #context}, sent with the task; null for none. */
    @Nullable
    Map<String, String> headers;

    // Scheduling state, guarded by the engine's lock.
    @Nullable
    Object worker;

    long startedNanos;
    volatile boolean cancelled;
    /** The pool asked the worker holding it to give it back, and has no answer yet. */
    boolean reclaiming;
    /** Why the engine ended this task early (timeout, cancellation); read when its worker is gone. */
    @Nullable
    Throwable endReason;

    Task(
            long id,
            byte kind,
            Object function,
            @Nullable Object[] items,
            int from,
            int to,
            TaskSink sink,
            long firstIndex,
            @Nullable Object original) {
        this.id = id;
        this.kind = kind;
        this.function = function;
        this.items = items;
        this.from = from;
        this.to = to;
        this.sink = sink;
        this.firstIndex = firstIndex;
        this.original = original;
    }

    /** Takes this task's context, once: the caller that gets it tells it how the task ended. */
    @Nullable
    TaskContext takeContext() {
        TaskContext current = context;
        return current != null && CONTEXT.compareAndSet(this, current, null) ? current : null;
    }

    /** How many outcomes the task produces. */
    int outcomeCount() {
        return switch (kind) {
            case CALL, RUN -> 1;
            case STARMAP -> (to - from) / 2;
            default -> to - from;
        };
    }

    /** What the task is, for messages: "task #12 (map items 0-24)". */
    String describe() {
        String what;
        if (kind == CALL || kind == RUN) {
            what = (kind == CALL ? "call of " : "run of ") + describe(function);
        } else {
            int count = outcomeCount();
            what = count == 1
                    ? sink.jobName() + " item " + firstIndex
                    : sink.jobName() + " items " + firstIndex + "-" + (firstIndex + count - 1);
        }
        return "task #" + id + " (" + what + ")";
    }

    private static String describe(Object function) {
        String name = function.getClass().getName();
        int lambda = name.indexOf("$$Lambda");
        return lambda > 0 ? "a lambda of " + name.substring(0, lambda) : name;
    }

    /**
     * Runs a task's function over its items and returns one outcome per item: the value, or a
     * {@link Failure} for an item that threw. Used by workers and by thread pools alike.
     *
     * @param rethrowOutOfMemory whether an {@link OutOfMemoryError} escapes (a worker process then
     *                           halts) rather than becoming the item's failure
     */
    @SuppressWarnings("unchecked")
    static @Nullable Object[] execute(
            byte kind, Object function, @Nullable Object[] items, int from, int to, boolean rethrowOutOfMemory) {
        switch (kind) {
            case CALL: {
                Object[] out = new Object[1];
                try {
                    out[0] = ((Callable<Object>) function).call();
                } catch (Throwable t) {
                    out[0] = failure(t, rethrowOutOfMemory);
                }
                return out;
            }
            case RUN: {
                Object[] out = new Object[1];
                try {
                    ((Runnable) function).run();
                } catch (Throwable t) {
                    out[0] = failure(t, rethrowOutOfMemory);
                }
                return out;
            }
            case MAP: {
                Function<Object, Object> f = (Function<Object, Object>) function;
                Object[] out = new Object[to - from];
                for (int i = from; i < to; i++) {
                    try {
                        out[i - from] = f.apply(items[i]);
                    } catch (Throwable t) {
                        out[i - from] = failure(t, rethrowOutOfMemory);
                    }
                }
                return out;
            }
            case STARMAP: {
                BiFunction<Object, Object, Object> f = (BiFunction<Object, Object, Object>) function;
                Object[] out = new Object[(to - from) / 2];
                for (int i = from; i < to; i += 2) {
                    try {
                        out[(i - from) / 2] = f.apply(items[i], items[i + 1]);
                    } catch (Throwable t) {
                        out[(i - from) / 2] = failure(t, rethrowOutOfMemory);
                    }
                }
                return out;
            }
            default:
                throw new IllegalArgumentException("Unknown task kind " + kind);
        }
    }

    private static Failure failure(Throwable t, boolean rethrowOutOfMemory) {
        if (rethrowOutOfMemory && t instanceof OutOfMemoryError oom) {
            throw oom;
        }
        return new Failure(t);
    }

    @Override
    public String toString() {
        return describe();
    }
}
