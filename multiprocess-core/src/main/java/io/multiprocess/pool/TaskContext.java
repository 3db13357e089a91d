package io.multiprocess.pool;

import java.util.Map;

/**
 * The context of one pool task, made by a {@link TaskContextPropagator} on the caller's thread: headers
 * sent with the task, and the call that ends it.
 */
public interface TaskContext {

    /**
     * What travels with the task: string keys and values (a W3C {@code traceparent}, a trace id...). The
     * worker puts them into SLF4J's MDC while the task runs and removes them after. Read once, when the
     * task is submitted; keep them short, they are sent with every task.
     *
     * @return the headers; empty to send none
     */
    Map<String, String> headers();

    /**
     * The task ended: it ran in a worker and its result came back, or it failed as a whole (its worker
     * died, it timed out, the pool was terminated) or was cancelled. Called exactly once, on one of the
     * pool's threads (a worker's reader, the pool's maintenance thread, the canceller's thread), after the
     * task's result is settled or just before: it must be quick and must not call the pool. What it throws
     * is logged and otherwise ignored.
     *
     * @param run where, when and how long it ran, and how it failed
     */
    void finished(TaskRun run);

    /**
     * The headers of the task the calling thread is running, in a pool's worker: for code in a task that
     * passes the trace on (to an HTTP call, say) or starts spans of its own.
     *
     * @return the headers; empty outside a task, or for a task that carries none
     */
    static Map<String, String> currentHeaders() {
        return CurrentHeaders.get();
    }
}
