package io.multiprocess.pool;

import io.multiprocess.SerializationException;
import io.multiprocess.StartMethod;
import io.multiprocess.process.DefaultSettings;
import io.multiprocess.process.ProcessSettings;
import io.multiprocess.function.SerializableRunnable;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.serialization.Serializer;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The loop of a pool worker, inside the worker process: Python's {@code multiprocessing.pool.worker}.
 * Internal.
 *
 * <p>Connects to the pool's socket, proves itself with the token it received in its process object
 * (which travelled over its private standard input), runs the initializer, then runs tasks one at a
 * time on its main thread, writing each result before reading on. The main thread is the only one that
 * reads the socket, and it stops reading before the process exits (on EXIT, or when the pool's end of
 * the socket closes), so no thread sits in a blocking read while the JVM exits.
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
        private final SerializableRunnable initializer;

        /**
         * @param socketPath  the pool's Unix-domain socket
         * @param token       the secret this worker proves itself with
         * @param workerId    the pool's number for this worker
         * @param initializer run before the first task; may be null
         */
        Spec(String socketPath, byte[] token, int workerId, SerializableRunnable initializer) {
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

        SerializableRunnable initializer() {
            return initializer;
        }
    }

    private final Spec spec;
    private final Serializer serializer;
    private final SocketChannel channel;
    private final ByteSink out = new ByteSink(1 << 16);
    private final Object[] functions = new Object[Frames.FUNCTION_SLOTS];

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
        int hello = Frames.begin(out, Frames.HELLO);
        out.putBytes(spec.token());
        out.putLong(ProcessHandle.current().pid());
        out.putInt(spec.workerId());
        Frames.end(out, hello);
        Frames.flush(out, channel);

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
                functions[slot] = new Failure(new SerializationException("The worker could not read the task's function: "
                    + e.getMessage(), e));
            }
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
                unreadable = new Failure(new SerializationException("The worker could not read the task's arguments: "
                    + e.getMessage(), e));
            }
            outcomes = items != null ? Task.execute(kind, function, items, 0, items.length, true) : new Object[] {unreadable};
        }
        long nanos = System.nanoTime() - start;
        out.rewind(0);
        int frame = Frames.begin(out, Frames.RESULT);
        out.putLong(taskId);
        out.putLong(nanos);
        Payloads.encodeOutcomes(out, outcomes, serializer);
        Frames.end(out, frame);
        Frames.flush(out, channel);
    }

    private void dieOfOutOfMemory(OutOfMemoryError error) {
        try {
            System.err.println("multiprocess: pool worker (pid " + ProcessHandle.current().pid() + ") ran out of memory: "
                + error + "; it exits with status " + OUT_OF_MEMORY_STATUS + " and the pool replaces it");
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
