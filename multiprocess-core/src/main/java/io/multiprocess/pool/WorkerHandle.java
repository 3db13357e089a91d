package io.multiprocess.pool;

import io.multiprocess.process.ChildProcess;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The pool's side of one worker process: its life-cycle phase, the tasks it holds, and the thread that
 * writes tasks to its socket. Internal.
 *
 * <p>Fields marked "pool lock" are guarded by the {@link ProcessPool}'s lock; the outbound queue by
 * {@link #outLock} (taken inside the pool lock, never the other way round); {@link #slots} belongs to
 * the writer thread.
 */
final class WorkerHandle {

    /** Where a worker is in its life. */
    enum Phase {
        /** Launched or launching; not yet connected and initialized. */
        STARTING,
        /** Takes tasks. */
        READY,
        /** Reached its task quota: finishes what it holds, takes nothing new. */
        RETIRING,
        /** Told to exit (or being killed); waiting for the process to end. */
        EXITING,
        /** The process ended and its socket closed; forgotten by the pool. */
        GONE
    }

    /** Below this average task time a worker gets more tasks in flight; see {@link #window()}. */
    private static final long TARGET_QUEUED_NANOS = 500_000;

    private static final long LONG_TASK_NANOS = 50_000_000;
    private static final int MAX_WINDOW = 64;
    /** Payloads larger than this are written straight from their array rather than copied into a batch. */
    private static final int COPY_LIMIT = 1 << 16;

    final int id;
    final byte[] token;
    final String socketPath;
    volatile @Nullable ChildProcess process;
    volatile long pid;
    volatile String name;

    // pool lock
    Phase phase = Phase.STARTING;
    final ArrayDeque<Task> inFlight = new ArrayDeque<>();
    int dispatched;
    double averageNanos = -1;

    @Nullable
    SocketChannel channel;
    /** The worker's second connection, on which the pool asks for tasks back; null until it connects. */
    @Nullable
    SocketChannel control;

    boolean channelClosed;
    boolean exited;

    @Nullable
    Integer exitCode;

    boolean killedOnPurpose;

    @Nullable
    Throwable initFailure;

    @Nullable
    String dyingReason;

    @Nullable
    String protocolError;

    final Object outLock = new Object();
    private final ArrayDeque<Task> outbound = new ArrayDeque<>();
    private boolean exitRequested;
    private boolean writerStopped;
    private final FunctionSlots slots = new FunctionSlots();

    WorkerHandle(int id, byte[] token, String socketPath) {
        this.id = id;
        this.token = token;
        this.socketPath = socketPath;
        this.name = "PoolWorker#" + id;
    }

    /**
     * How many tasks this worker may hold (running plus queued in its socket), from how long its tasks
     * take: one for long tasks (so that a long task never keeps a queued one from an idle worker), two
     * while tasks take milliseconds (hiding the round trip), and up to {@value #MAX_WINDOW} for tiny
     * tasks, whose throughput depends on batching.
     */
    int window() {
        if (averageNanos < 0) {
            return 2;
        }
        if (averageNanos >= LONG_TASK_NANOS) {
            return 1;
        }
        long window = 1 + (long) (TARGET_QUEUED_NANOS / Math.max(1.0, averageNanos));
        return (int) Math.max(2, Math.min(MAX_WINDOW, window));
    }

    void recordTaskTime(long nanos) {
        averageNanos = averageNanos < 0 ? nanos : averageNanos * 0.8 + nanos * 0.2;
    }

    // ------------------------------------------------------------------------------------ reclaims

    /**
     * Asks the worker to give back tasks it holds but has not started (its control thread answers with
     * RECLAIMED for those it gave back, on the data connection, after any result written before). Called
     * outside the pool lock; a worker that is gone answers nothing, and its death requeues the tasks.
     */
    void sendReclaim(SocketChannel controlChannel, long[] taskIds) {
        ByteSink frame = new ByteSink(16 + 8 * taskIds.length);
        int start = Frames.begin(frame, Frames.RECLAIM);
        frame.putInt(taskIds.length);
        for (long id : taskIds) {
            frame.putLong(id);
        }
        Frames.end(frame, start);
        synchronized (controlChannel) {
            try {
                Frames.flush(frame, controlChannel);
            } catch (IOException workerGone) {
                // Its death requeues what it held.
            }
        }
    }

    // ------------------------------------------------------------------------------------ the writer

    void send(Task task) {
        synchronized (outLock) {
            outbound.add(task);
            if (outbound.size() == 1) {
                outLock.notifyAll();
            }
        }
    }

    void requestExit() {
        synchronized (outLock) {
            exitRequested = true;
            outLock.notifyAll();
        }
    }

    void stopWriter() {
        synchronized (outLock) {
            writerStopped = true;
            outbound.clear();
            outLock.notifyAll();
        }
    }

    /** The writer thread: sends queued tasks in batches, then EXIT when asked. */
    void writeLoop(SocketChannel socket) {
        ByteSink batch = new ByteSink(COPY_LIMIT * 2);
        List<Task> tasks = new ArrayList<>();
        try {
            while (true) {
                boolean exit;
                synchronized (outLock) {
                    while (outbound.isEmpty() && !exitRequested && !writerStopped) {
                        outLock.wait();
                    }
                    if (writerStopped) {
                        return;
                    }
                    tasks.addAll(outbound);
                    outbound.clear();
                    exit = exitRequested;
                }
                for (Task task : tasks) {
                    appendTask(batch, task, socket);
                }
                tasks.clear();
                if (exit) {
                    Frames.end(batch, Frames.begin(batch, Frames.EXIT));
                }
                Frames.flush(batch, socket);
                if (exit) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // The worker is gone or the pool stops; the reader and the exit watch take it from here.
        }
    }

    private void appendTask(ByteSink batch, Task task, SocketChannel socket) throws IOException {
        FunctionRef function = task.functionRef;
        int slot = slots.slotFor(function.id);
        byte[] definition = slots.defined ? null : function.bytes;
        byte[] payload = task.payload;
        int start = Frames.begin(batch, Frames.TASK);
        batch.putLong(task.id);
        batch.putByte(task.kind);
        batch.putInt(slot);
        batch.putInt(definition == null ? -1 : definition.length);
        if (definition != null) {
            batch.putBytes(definition);
        }
        Frames.putHeaders(batch, task.headers);
        if (payload.length <= COPY_LIMIT) {
            batch.putBytes(payload);
            Frames.end(batch, start);
            if (batch.position() > COPY_LIMIT) {
                Frames.flush(batch, socket);
            }
        } else {
            long length = (long) batch.position() - start - 4 + payload.length;
            if (length > Frames.MAX_FRAME) {
                throw new IllegalStateException("unreachable: payload size was checked when the task was prepared");
            }
            batch.setInt(start, (int) length);
            Frames.flush(batch, socket);
            Frames.writeFully(socket, ByteBuffer.wrap(payload));
        }
    }

    /**
     * The exception for the task this worker was running when it died, naming its pid and exit code
     * and the likely cause. Called with the pool lock held, once the exit code is known.
     */
    WorkerLostException lost(Task task) {
        Integer code = exitCode;
        StringBuilder message = new StringBuilder("Worker ")
                .append(this)
                .append(" died while running ")
                .append(task.describe())
                .append(": exit code ")
                .append(code == null ? "unknown" : code.toString());
        String why = explainExit(code);
        if (!why.isEmpty()) {
            message.append(" (").append(why).append(')');
        }
        message.append(". The pool replaced it; the tasks queued behind it run on other workers.");
        return new WorkerLostException(message.toString(), pid, code);
    }

    private String explainExit(@Nullable Integer code) {
        if (protocolError != null) {
            return "killed by the pool after a bad message: " + protocolError;
        }
        if (dyingReason != null) {
            return "it ran out of memory: " + dyingReason
                    + "; give workers more heap with ctx.withJvmOptions(\"-Xmx...\")";
        }
        if (code != null && code == PoolWorker.OUT_OF_MEMORY_STATUS) {
            // The status the worker's handler and -XX:+ExitOnOutOfMemoryError use; a task may also exit with it.
            return "it ran out of memory (give workers more heap with ctx.withJvmOptions(\"-Xmx...\")), or the task called "
                    + "System.exit(" + PoolWorker.OUT_OF_MEMORY_STATUS + ")";
        }
        if (code == null) {
            return "";
        }
        return switch (code) {
            case -9 -> "killed by SIGKILL: kill -9, or the kernel's out-of-memory killer";
            case -15 -> "terminated by SIGTERM";
            case -6 -> "the JVM aborted, usually after a crash in native code; look for hs_err_pid" + pid + ".log";
            case -11 -> "segmentation fault";
            case 0 -> "the task called System.exit(0)";
            case 1 -> "the task called System.exit(1), or the JVM crashed: look for hs_err_pid" + pid + ".log";
            default ->
                code > 0
                        ? "the task called System.exit(" + code + "), or the JVM failed"
                        : "killed by signal " + (-code);
        };
    }

    @Override
    public String toString() {
        return name + (pid > 0 ? " (pid " + pid + ")" : "");
    }
}
