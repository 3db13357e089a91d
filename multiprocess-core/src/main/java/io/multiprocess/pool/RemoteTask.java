package io.multiprocess.pool;

import io.multiprocess.SerializationException;
import io.multiprocess.serialization.Serializer;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One task of a {@link RemotePool}, as its {@link TaskRunner} sees it: self-contained request bytes to
 * ship to a worker, and the two ways to report how it went. Python's task tuple on its way to a worker.
 *
 * <p>The request holds the task's kind, its function and its items, serialized in the caller's thread
 * with the pool's serializer; a worker turns it into response bytes with
 * {@link #execute(byte[], Serializer)}, which runs the function over the items and serializes each item's
 * value, or the exception it threw, with the same serializer. Layouts (integers little-endian):
 * <pre>
 * request   byte version (1), byte kind, varint function length, the function's bytes, the items' payload
 * response  byte version (1), long worker pid, long run nanoseconds, the outcomes' payload
 * </pre>
 * The payloads are the process pool's (see its package description): common value types written
 * directly, anything else through the serializer.
 */
public final class RemoteTask {

    private static final byte VERSION = 1;

    final Task task;
    private final RemotePool pool;
    private final byte[] request;

    // The pool's bookkeeping, guarded by the pool's lock.
    TaskRunner.@Nullable RunningTask handle;
    long startedNanos;
    boolean finished;
    boolean cancelWhenStarted;

    RemoteTask(Task task, RemotePool pool) {
        this.task = task;
        this.pool = pool;
        byte[] function = task.functionRef.bytes;
        ByteSink sink = new ByteSink(2 + ByteSink.varIntSize(function.length) + function.length + task.payload.length);
        sink.putByte(VERSION);
        sink.putByte(task.kind);
        sink.putVarInt(function.length);
        sink.putBytes(function);
        sink.putBytes(task.payload);
        this.request = sink.toByteArray();
    }

    /**
     * The task's number in its pool.
     *
     * @return the number, unique within the pool
     */
    public long id() {
        return task.id;
    }

    /**
     * What the task is, for messages: {@code "task #12 (map items 0-24)"}.
     *
     * @return the description
     */
    public String description() {
        return task.describe();
    }

    /**
     * How many outcomes the task has: 1 for a call, the number of items for a chunk of a map.
     *
     * @return the count
     */
    public int itemCount() {
        return task.outcomeCount();
    }

    /**
     * The bytes a worker needs to run the task (see the class description). The same array on every
     * call: do not change it.
     *
     * @return the request
     */
    public byte[] request() {
        return request;
    }

    /**
     * Whether the pool no longer waits for this task: it was reported, cancelled, timed out, or the pool
     * was terminated. A runner that could run a task again (after its worker was lost) checks this first.
     *
     * @return true if a report would be ignored
     */
    public boolean isFinished() {
        return pool.isFinished(this);
    }

    /**
     * Reports that a worker ran the task and answered with {@code response} (what
     * {@link #execute(byte[], Serializer)} returned there). The outcomes are read in this thread and
     * handed to the task's result; a response that cannot be read fails the task with a
     * {@link SerializationException}. Ignored if the task is already {@linkplain #isFinished() finished}.
     *
     * @param response the worker's response
     */
    public void completed(byte[] response) {
        pool.onReport(this, Objects.requireNonNull(response, "response"), null);
    }

    /**
     * Reports that the task could not run to its end: its worker died ({@link io.multiprocess.pool.WorkerLostException}),
     * the request could not be delivered, or the runner is closing. The reason reaches the caller as the
     * library's exception, not as the task's own (no {@link io.multiprocess.pool.TaskFailedException}).
     * Ignored if the task is already {@linkplain #isFinished() finished}.
     *
     * @param reason why, naming the task and the worker
     */
    public void failed(RuntimeException reason) {
        pool.onReport(this, null, Objects.requireNonNull(reason, "reason"));
    }

    @Override
    public String toString() {
        return "RemoteTask[" + task.describe() + "]";
    }

    // ------------------------------------------------------------------------------------------ the worker's side

    /**
     * Runs a task in a worker: reads the function and the items of {@code request} with
     * {@code serializer}, applies the function to each item, and returns the response. Never throws for
     * what the task does: an item whose function threw carries the exception (made sendable when it
     * cannot be serialized), a function or items that cannot be read fail every item with a
     * {@link SerializationException} saying so (a class missing from the worker's class path, typically),
     * a value that cannot be serialized fails its item. An {@link OutOfMemoryError} becomes the item's
     * failure too: the worker is not this library's process to halt. The thread's interrupt status is
     * left as the task left it.
     *
     * @param request    the bytes of {@link #request()}
     * @param serializer the serializer the pool used (the same class, with the same registrations)
     * @return the response, for {@link #completed(byte[])} in the pool's JVM
     * @throws IllegalArgumentException if {@code request} is not a request of this version
     */
    public static byte[] execute(byte[] request, Serializer serializer) {
        ByteSink.Reader in = new ByteSink.Reader(request, 0, request.length);
        int version = in.getByte();
        if (version != VERSION) {
            throw new IllegalArgumentException("Not a pool task of version " + VERSION + " (version " + version
                    + "): are the pool and this worker on different versions of multiprocess-java?");
        }
        byte kind = (byte) in.getByte();
        int functionLength = in.getVarInt();
        int functionAt = in.skip(functionLength);
        long started = System.nanoTime();
        Object function;
        try {
            function = serializer.deserialize(request, functionAt, functionLength);
        } catch (RuntimeException | LinkageError e) {
            return respond(started, unreadable("function", e), serializer);
        }
        Object[] items;
        try {
            items = Payloads.decode(request, in.position, in.remaining(), serializer);
        } catch (RuntimeException | LinkageError e) {
            return respond(started, unreadable("arguments", e), serializer);
        }
        return respond(started, Task.execute(kind, function, items, 0, items.length, false), serializer);
    }

    /** A whole-task failure: one outcome, which the pool applies to every item. */
    private static Object[] unreadable(String what, Throwable error) {
        return new Object[] {
            new Failure(new SerializationException(
                    "The worker could not read the task's " + what
                            + " (does its class path hold the application's classes, and its serializer the same registrations?): "
                            + error.getMessage(),
                    error))
        };
    }

    private static byte[] respond(long startedNanos, @Nullable Object[] outcomes, Serializer serializer) {
        long nanos = System.nanoTime() - startedNanos;
        ByteSink out = new ByteSink(64);
        out.putByte(VERSION);
        out.putLong(ProcessHandle.current().pid());
        out.putLong(nanos);
        Payloads.encodeOutcomes(out, outcomes, serializer);
        return out.toByteArray();
    }

    /** The outcomes of a response, spread to every item when the worker failed the task as a whole. */
    @Nullable
    Object[] decode(byte[] response, Serializer serializer) {
        ByteSink.Reader in = new ByteSink.Reader(response, 0, response.length);
        int version = in.getByte();
        if (version != VERSION) {
            throw new SerializationException(
                    "A response of version " + version + " to " + task.describe() + ", expected " + VERSION, null);
        }
        workerPid = in.getLong();
        runNanos = in.getLong();
        Object[] outcomes = Payloads.decode(response, in.position, in.remaining(), serializer);
        int expected = task.outcomeCount();
        if (outcomes.length == 1 && expected > 1 && outcomes[0] instanceof Failure whole) {
            outcomes = new Object[expected];
            Arrays.fill(outcomes, whole);
        }
        return outcomes;
    }

    /** Read from the response by {@link #decode}. */
    long workerPid;
    /** Read from the response by {@link #decode}. */
    long runNanos;
}
