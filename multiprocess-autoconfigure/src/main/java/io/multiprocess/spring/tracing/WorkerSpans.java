package io.multiprocess.spring.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.multiprocess.pool.TaskContextPropagator.TaskInfo;
import io.multiprocess.pool.TaskRun;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The worker side of a task's trace, with Micrometer Tracing: the headers that carry the caller's span to
 * the worker, and the worker's span, named {@value #SPAN_NAME}.
 *
 * <p>Why the worker's span is recorded here, in the caller's process: a worker is a plain JVM with no
 * Spring context, no tracer and no exporter, and giving it one (a tracer per worker, an exporter
 * connection per worker, flushed before it exits or is killed) would cost every worker's start-up and lose
 * spans of workers that die. The worker measures its task's run time anyway (it comes back with every
 * result), so this process records the span after the fact, with the worker's start and end, as a child of
 * the caller's span, tagged with the worker's pid: it goes to the application's tracer and exporter with
 * everything else. The headers still travel, so the worker's log lines carry the trace id in their MDC
 * and code in a task can read them ({@code TaskContext.currentHeaders()}) to pass the trace on.
 */
public final class WorkerSpans {

    /** The name of a worker's span. */
    public static final String SPAN_NAME = "multiprocess.worker";

    private final Tracer tracer;
    private final Propagator propagator;

    /**
     * Spans through a tracer.
     *
     * @param tracer     the application's tracer
     * @param propagator how the trace is written into headers (W3C {@code traceparent}, B3...)
     */
    public WorkerSpans(Tracer tracer, Propagator propagator) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.propagator = Objects.requireNonNull(propagator, "propagator");
    }

    /** The span the worker's span hangs under, and the headers sent to the worker. */
    record Parent(TraceContext context, Map<String, String> headers) {}

    /** The current span of the calling thread as a parent, or null when there is none. */
    @Nullable
    Parent currentParent() {
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        propagator.inject(context, headers, (carrier, key, value) -> {
            if (carrier != null) {
                carrier.put(key, value);
            }
        });
        headers.put("traceId", context.traceId());
        headers.put("spanId", context.spanId());
        return new Parent(context, Collections.unmodifiableMap(headers));
    }

    /** Runs {@code loop} with the calling thread's current span current, in whichever thread runs it. */
    Runnable inCurrentSpan(Runnable loop) {
        Span current = tracer.currentSpan();
        if (current == null) {
            return loop;
        }
        return () -> {
            Tracer.SpanInScope scope = tracer.withSpan(current);
            try {
                loop.run();
            } finally {
                scope.close();
            }
        };
    }

    /** Records the span of a worker's run, child of {@code parent}, with the worker's times. */
    void record(Parent parent, TaskInfo task, TaskRun run) {
        Span span = tracer.spanBuilder()
                .setParent(parent.context())
                .name(SPAN_NAME)
                .startTimestamp(micros(run.start()), TimeUnit.MICROSECONDS)
                .start();
        span.tag("multiprocess.job", task.job());
        span.tag("multiprocess.task.id", task.taskId());
        span.tag("multiprocess.task.items", task.items());
        span.tag("multiprocess.worker.pid", run.workerPid());
        Throwable error = run.error();
        if (error != null) {
            span.error(error);
        }
        span.end(micros(run.end()), TimeUnit.MICROSECONDS);
    }

    private static long micros(Instant instant) {
        return TimeUnit.SECONDS.toMicros(instant.getEpochSecond()) + instant.getNano() / 1_000;
    }
}
