package io.multiprocess.pool;

import org.jspecify.annotations.Nullable;

/**
 * Carries the caller's context (a trace, say) with each task of a pool to the worker that runs it, and
 * hears back where and how long the task ran: the hook that tracing integrations plug into. Python's pool
 * has none. Register one with {@link PoolBuilder#taskContext(TaskContextPropagator)}; the Spring Boot
 * starter registers one for Micrometer Observation and Tracing.
 *
 * <p>{@link #open} is called on the thread that submits the task ({@code apply}, {@code submit},
 * {@code map}: once per chunk), so a thread-bound context (the current span) is the caller's. The chunks
 * of {@code imap}/{@code imapUnordered} are made later by the job's input thread, which runs what
 * {@link #inCallerContext(Runnable)} made on the caller's thread: a propagator makes the caller's context
 * current there. The headers of the {@link TaskContext} travel with the task: while it
 * runs, the worker (a process, or a thread of a thread pool) has them in SLF4J's MDC, so that the
 * worker's log lines carry the caller's trace id. A pool of cluster members has no propagator.
 *
 * <p>A propagator must be quick and must not call the pool. What it throws fails the submission, on the
 * caller's thread.
 */
@FunctionalInterface
public interface TaskContextPropagator {

    /**
     * Starts the context of a task that is being submitted.
     *
     * @param task what the task is
     * @return its context, or null to send nothing and hear nothing back for this task
     */
    @Nullable
    TaskContext open(TaskInfo task);

    /**
     * Called on the thread that starts an {@code imap}: wraps the loop of the job's input thread, which
     * makes the job's tasks (and calls {@link #open} for each), so that the caller's context is current
     * there. The default runs the loop as it is (no context).
     *
     * @param inputLoop the input thread's loop
     * @return the loop to run in the input thread
     */
    default Runnable inCallerContext(Runnable inputLoop) {
        return inputLoop;
    }

    /**
     * What a task is, for the name and tags of a span.
     *
     * @param pool   the pool's description ({@code ProcessPool-1}...)
     * @param job    what the task belongs to ({@code apply}, {@code map}, {@code submit}...)
     * @param taskId the task's number in its pool
     * @param items  how many results the task produces (a chunk of a map: its items; a call: 1)
     */
    record TaskInfo(String pool, String job, long taskId, int items) {}
}
