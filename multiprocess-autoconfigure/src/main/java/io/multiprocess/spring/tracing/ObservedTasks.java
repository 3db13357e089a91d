package io.multiprocess.spring.tracing;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.multiprocess.pool.TaskContext;
import io.multiprocess.pool.TaskContextPropagator;
import io.multiprocess.pool.TaskRun;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Makes every task of a pool an {@link Observation} named {@value #OBSERVATION_NAME}, started on the
 * submitting thread (so it is a child of the caller's current observation: the HTTP request, say) and
 * stopped when the task's result is back, with the worker's pid, the job and the error. With
 * {@link WorkerSpans} (Micrometer Tracing), the task also carries the trace to the worker (W3C or B3
 * headers from the tracer's propagator, and {@code traceId}/{@code spanId} in the worker's MDC) and the
 * worker's run becomes a span, child of the observation's, recorded in this process with the times the
 * worker measured.
 *
 * <p>Register it on a pool with {@code builder.taskContext(observedTasks)}; the auto-configuration does
 * so for the application's pool, and {@code ProcessContext.poolBuilder()} pools get it through the
 * {@code PoolBuilderCustomizer} beans they apply.
 */
public final class ObservedTasks implements TaskContextPropagator {

    /** The name of a task's observation (and of its span in the caller's process). */
    public static final String OBSERVATION_NAME = "multiprocess.task";

    private final ObservationRegistry registry;
    private final @Nullable WorkerSpans spans;

    /**
     * Observations only, or observations and worker spans.
     *
     * @param registry where the observations go
     * @param spans    records the workers' spans and makes the headers, or null for none (no tracer)
     */
    public ObservedTasks(ObservationRegistry registry, @Nullable WorkerSpans spans) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.spans = spans;
    }

    @Override
    public @Nullable TaskContext open(TaskInfo task) {
        if (registry.isNoop() && spans == null) {
            return null;
        }
        Observation observation = Observation.createNotStarted(OBSERVATION_NAME, registry)
                .contextualName("multiprocess " + task.job())
                .lowCardinalityKeyValue(KeyValue.of("multiprocess.job", task.job()))
                .highCardinalityKeyValue(KeyValue.of("multiprocess.task.id", Long.toString(task.taskId())))
                .highCardinalityKeyValue(KeyValue.of("multiprocess.task.items", Integer.toString(task.items())))
                .start();
        if (spans == null) {
            return new Observed(observation, null, Map.of(), task);
        }
        Observation.Scope scope = observation.openScope();
        try {
            WorkerSpans.Parent parent = spans.currentParent();
            return new Observed(observation, parent, parent == null ? Map.of() : parent.headers(), task);
        } finally {
            scope.close();
        }
    }

    /**
     * Makes the caller's current observation (or, without one, its current span) current in an imap's
     * input thread, so that the job's tasks are observed in the caller's trace.
     */
    @Override
    public Runnable inCallerContext(Runnable inputLoop) {
        Observation parent = registry.getCurrentObservation();
        if (parent != null) {
            return () -> {
                Observation.Scope scope = parent.openScope();
                try {
                    inputLoop.run();
                } finally {
                    scope.close();
                }
            };
        }
        return spans != null ? spans.inCurrentSpan(inputLoop) : inputLoop;
    }

    /** One task's observation, and the parent of its worker's span. */
    private final class Observed implements TaskContext {

        private final Observation observation;
        private final WorkerSpans.@Nullable Parent parent;
        private final Map<String, String> headers;
        private final TaskInfo task;

        Observed(
                Observation observation,
                WorkerSpans.@Nullable Parent parent,
                Map<String, String> headers,
                TaskInfo task) {
            this.observation = observation;
            this.parent = parent;
            this.headers = headers;
            this.task = task;
        }

        @Override
        public Map<String, String> headers() {
            return headers;
        }

        @Override
        public void finished(TaskRun run) {
            if (spans != null && parent != null && run.ran()) {
                spans.record(parent, task, run);
            }
            if (run.ran()) {
                observation.highCardinalityKeyValue(
                        KeyValue.of("multiprocess.worker.pid", Long.toString(run.workerPid())));
            }
            Throwable error = run.error();
            if (error != null) {
                observation.error(error);
            }
            observation.stop();
        }

        @Override
        public String toString() {
            return "observed " + task;
        }
    }
}
