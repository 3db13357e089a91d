package io.multiprocess.pool;

import io.multiprocess.MultiprocessException;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * The pool worker that was running a task died before it returned a result: it was killed (SIGKILL,
 * the kernel's out-of-memory killer), ran out of heap ({@code OutOfMemoryError}), called
 * {@code System.exit}, or crashed in native code. The task's result fails with this exception, the pool
 * starts a replacement worker, and the tasks that were queued behind it run on other workers.
 *
 * <p>Python's {@code multiprocessing.Pool} hangs forever in this case (bpo-22393); its
 * {@code concurrent.futures} counterpart is {@code BrokenProcessPool}, which breaks the whole pool.
 * Here only the task that was running fails, and the pool serves on.
 */
public class WorkerLostException extends MultiprocessException {

    private static final long serialVersionUID = 1L;

    private final long pid;
    private final @Nullable Integer exitCode;

    /**
     * Creates the exception.
     *
     * @param message  which worker died, how, and while running what
     * @param pid      the worker's pid
     * @param exitCode the worker's exit code as {@link io.multiprocess.process.BaseProcess#exitCode()}
     *                 defines it ({@code -9} for SIGKILL), or null when it is not known
     */
    public WorkerLostException(String message, long pid, @Nullable Integer exitCode) {
        super(message);
        this.pid = pid;
        this.exitCode = exitCode;
    }

    /**
     * The pid of the worker that died.
     *
     * @return the pid
     */
    public long pid() {
        return pid;
    }

    /**
     * The worker's exit code: the status it passed to {@code System.exit}, {@code -N} when signal N
     * ended it, 3 when it ran out of memory.
     *
     * @return the exit code, or empty when the process could not be reaped in time
     */
    public OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }
}
