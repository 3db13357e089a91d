package io.multiprocess.pool;

import io.multiprocess.SerializationException;
import io.multiprocess.StartMethod;
import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.process.DefaultSettings;
import io.multiprocess.process.ProcessSettings;
import io.multiprocess.serialization.Serializer;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The loop of a pool worker, inside the worker process: Python's {@code multiprocessing.pool.worker}.
 * Internal.
 *
 * <p>Connects to the pool's socket, proves itself with the token it received in its process object
 * (which travelled over its private standard input), runs the initializer, then runs tasks one at a
 * time on its main thread, writing each result before reading on. The main thread is the only one that
 * reads the socket, and it stops reading before the process exits (on EXIT, or when the pool's end of
 * the socket closes), so no thread sits in a blocking read of it while the JVM exits.
 *
 * <p>A second connection, read by a daemon thread, carries the pool's reclaims: tasks the pool sent ahead
 * and now wants to run elsewhere, because the task this worker runs has taken long and another worker is
 * free. The control thread gives back those the main thread has not started (they are skipped when their
 * frame is read) and tells the pool which, on the data connection, after any result written before: the
 * main thread decides to start a task and writes its result under the same lock, so each task runs once.
 *
 * <p>Exit status: 0 after EXIT or when the pool went away; 1 when the initializer threw;
 * {@value #OUT_OF_MEMORY_STATUS} after an {@link OutOfMemoryError} (as HotSpot's
 * {@code -XX:+ExitOnOutOfMemoryError} does): the heap may be in no state to go on.
 */
final class PoolWorker {

    /** The exit status of a worker that ran out of memory. */
    static final int OUT_OF_MEMORY_STATUS = 3;

    /**
     * What a worker needs to find and join its pool. A class, not a record: every worker reads one first
     * thing, and Kryo's record support costs a fresh JVM some 10-20 ms (annotation proxies, reflection) that
     * plain fields do not.
     */
    static final class Spec implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        private final String socketPath;
        private final byte[] token;
        private final int workerId;
        private final @Nullable SerializableRunnable initializer;

        /**
         * @param socketPath  the pool's Unix-domain socket
         * @param token       the secret this worker proves itself with
         * @param workerId    the pool's number for this worker
         * @param initializer run before the first task; may be null
         */
        Spec(String socketPath, byte[] token, int workerId, @Nullable SerializableRunnable initializer) {
            this.socketPath = socketPath;
            this.token = token;
            this.workerId = workerId;
            this.initializer = initializer;
        }

        String socketPath() {
            return socketPath;
        }

        byte[] token() {
            return token;
        }

        int workerId() {
            return workerId;
        }

        @Nullable
        SerializableRunnable initializer() {
            return initializer;
        }
    }

    private final Spec spec;
    private final Serializer serializer;
    private final SocketChannel channel;
    private final ByteSink out = new ByteSink(1 << 16);
    private final @Nullable Object[] functions = new Object[Frames.FUNCTION_SLOTS];

    /** Guards what the control thread and the main thread share, and every write to the data connection. */
    private final Object gate = new Object();
    /** The task the main thread runs, or -1. */
    private long running = -1;
    /**
     * Tasks given back to the pool, to skip when their frames arrive: how many frames of each to skip. A task
     * given back can come to this worker again and be given back again before its first frame was read, so
     * one id may stand for several unread frames.
     */
    private final Map<Long, Integer> givenBack = new HashMap<>();
    /** The last tasks that ended, so that a late reclaim does not claim them. */
    private final long[] recentlyEnded = new long[64];

    private int recentlyEndedNext;

    private PoolWorker(Spec spec, Serializer serializer, SocketChannel channel) {
        this.spec = spec;
        this.serializer = serializer;
        this.channel = channel;
    }

    /**
     * A worker's process object, not started: its target serves the pool {@code spec} names.
     *
     * @param context the pool's context
     * @param spec    the worker's settings
     * @return the process
     */
    static ChildProcess newProcess(ProcessSettings context, Spec spec) {
        return new ChildProcess(context, null, () -> serve(spec));
    }

    /**
     * A worker process object that is never started: forkserver spares read one back during their warm-up
     * (called by reflection), so that a real worker's first read, which rebuilds the lambda above, is quick.
     *
     * @return the process
     */
    static ChildProcess warmUpSample() {
        return newProcess(ProcessSettings.of(StartMethod.SPAWN), new Spec("warm-up", new byte[] {0}, 0, null));
    }

    /** The worker process's target. */
    static void serve(Spec spec) {
        StderrTail.install(StderrTail.pathFor(spec.socketPath(), spec.workerId()));
        Serializer serializer = DefaultSettings.get().serializer();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(spec.socketPath()));
            new PoolWorker(spec, serializer, channel).run();
        } catch (IOException e) {
            // The pool is gone (terminated, or its JVM ended): nothing to report to.
        }
        exit(0);
    }

    private void run() throws IOException {
        writeHello(Frames.HELLO, channel);
        SocketChannel control = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            control.connect(UnixDomainSocketAddress.of(spec.socketPath()));
            writeHello(Frames.CONTROL_HELLO, control);
            Thread reclaims = new Thread(new ControlLoop(control), "multiprocess-pool-control");
            reclaims.setDaemon(true);
            reclaims.start();
            serveTasks();
        } finally {
            control.close();
        }
    }

    private void writeHello(byte type, SocketChannel to) throws IOException {
        out.rewind(0);
        int hello = Frames.begin(out, type);
        out.putBytes(spec.token());
        out.putLong(ProcessHandle.current().pid());
        out.putInt(spec.workerId());
        Frames.end(out, hello);
        Frames.flush(out, to);
    }

    private void serveTasks() throws IOException {

        if (spec.initializer() != null) {
            try {
                spec.initializer().run();
            } catch (Throwable t) {
                int frame = Frames.begin(out, Frames.INIT_FAILED);
                out.putBytes(serializer.serialize(Payloads.sendable(t, serializer)));
                Frames.end(out, frame);
                Frames.flush(out, channel);
                throw new IllegalStateException("The pool's initializer failed in this worker", t);
            }
        }
        Frames.end(out, Frames.begin(out, Frames.READY));
        Frames.flush(out, channel);

        Frames.Reader in = new Frames.Reader(channel);
        while (in.next()) {
            if (in.type == Frames.EXIT) {
                return;
            }
            if (in.type != Frames.TASK) {
                throw new IOException("Unexpected message type " + in.type + " from the pool");
            }
            try {
                runTask(in);
            } catch (OutOfMemoryError e) {
                dieOfOutOfMemory(e);
            }
        }
    }

    private void runTask(Frames.Reader in) throws IOException {
        ByteSink.Reader body = new ByteSink.Reader(in.array, in.bodyOffset, in.bodyLength);
        long taskId = body.getLong();
        byte kind = (byte) body.getByte();
        int slot = body.getInt();
        int definition = body.getInt();
        if (slot < 0 || slot >= functions.length) {
            throw new IOException("Function slot " + slot + " out of range");
        }
        if (definition >= 0) {
            int at = body.skip(definition);
            try {
                functions[slot] = serializer.deserialize(in.array, at, definition);
            } catch (RuntimeException | LinkageError e) {
                functions[slot] = new Failure(new SerializationException(
                        "The worker could not read the task's function: " + e.getMessage(), e));
            }
        }
        Map<String, String> headers = Frames.getHeaders(body, in.array);
        synchronized (gate) {
            if (!givenBack.isEmpty()) {
                Integer skip = givenBack.remove(taskId);
                if (skip != null) {
                    if (skip > 1) {
                        givenBack.put(taskId, skip - 1);
                    }
                    return;
                }
            }
            running = taskId;
        }
        long start = System.nanoTime();
        Object function = functions[slot];
        Object[] outcomes;
        if (function == null) {
            throw new IOException("Function slot " + slot + " was never defined");
        } else if (function instanceof Failure failure) {
            // A whole-task failure: one outcome, which the pool applies to every item of the task.
            outcomes = new Object[] {failure};
        } else {
            Object[] items;
            Failure unreadable = null;
            try {
                items = Payloads.decode(in.array, body.position, body.remaining(), serializer);
            } catch (RuntimeException | LinkageError e) {
                items = null;
                unreadable = new Failure(new SerializationException(
                        "The worker could not read the task's arguments: " + e.getMessage(), e));
            }
            if (items == null) {
                outcomes = new Object[] {unreadable};
            } else if (headers == null) {
                outcomes = Task.execute(kind, function, items, 0, items.length, true);
            } else {
                CurrentHeaders.enter(headers);
                try {
                    outcomes = Task.execute(kind, function, items, 0, items.length, true);
                } finally {
                    CurrentHeaders.exit(headers);
                }
            }
        }
        long nanos = System.nanoTime() - start;
        out.rewind(0);
        int frame = Frames.begin(out, Frames.RESULT);
        out.putLong(taskId);
        out.putLong(nanos);
        Payloads.encodeOutcomes(out, outcomes, serializer);
        Frames.end(out, frame);
        synchronized (gate) {
            running = -1;
            recentlyEnded[recentlyEndedNext] = taskId;
            recentlyEndedNext = (recentlyEndedNext + 1) % recentlyEnded.length;
            Frames.flush(out, channel);
        }
    }

    /** Gives back the tasks of a RECLAIM that the main thread has not started; answers with those. */
    private void reclaim(long[] taskIds) throws IOException {
        synchronized (gate) {
            ByteSink answer = new ByteSink(16 + 8 * taskIds.length);
            int frame = Frames.begin(answer, Frames.RECLAIMED);
            int countAt = answer.position();
            answer.putInt(0);
            int count = 0;
            for (long id : taskIds) {
                if (id != running && !endedRecently(id)) {
                    givenBack.merge(id, 1, Integer::sum);
                    answer.putLong(id);
                    count++;
                }
            }
            if (count == 0) {
                return;
            }
            answer.setInt(countAt, count);
            Frames.end(answer, frame);
            Frames.flush(answer, channel);
        }
    }

    private boolean endedRecently(long taskId) {
        for (long ended : recentlyEnded) {
            if (ended == taskId) {
                return true;
            }
        }
        return false;
    }

    /** The control thread: a class, not a lambda (a fresh JVM's first lambda is costly). */
    private final class ControlLoop implements Runnable {

        private final SocketChannel control;

        ControlLoop(SocketChannel control) {
            this.control = control;
        }

        @Override
        public void run() {
            Frames.Reader in = new Frames.Reader(control);
            try {
                while (in.next()) {
                    if (in.type != Frames.RECLAIM) {
                        return;
                    }
                    ByteSink.Reader body = new ByteSink.Reader(in.array, in.bodyOffset, in.bodyLength);
                    int count = body.getInt();
                    if (count < 0 || count * 8L != body.remaining()) {
                        return;
                    }
                    long[] ids = new long[count];
                    for (int i = 0; i < count; i++) {
                        ids[i] = body.getLong();
                    }
                    reclaim(ids);
                }
            } catch (IOException poolGoneOrWorkerExiting) {
                // Nothing to give back any more.
            }
        }
    }

    private void dieOfOutOfMemory(OutOfMemoryError error) {
        try {
            System.err.println(
                    "multiprocess: pool worker (pid " + ProcessHandle.current().pid() + ") ran out of memory: " + error
                            + "; it exits with status " + OUT_OF_MEMORY_STATUS + " and the pool replaces it");
            out.rewind(0);
            int frame = Frames.begin(out, Frames.DYING);
            out.putBytes(String.valueOf(error).getBytes(StandardCharsets.UTF_8));
            Frames.end(out, frame);
            Frames.flush(out, channel);
        } catch (Throwable ignored) {
            // Halting is what matters.
        }
        Runtime.getRuntime().halt(OUT_OF_MEMORY_STATUS);
    }

    private static void exit(int status) {
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }
}
