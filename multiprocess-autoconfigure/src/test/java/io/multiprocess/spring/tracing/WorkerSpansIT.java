package io.multiprocess.spring.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.TaskContext;
import io.multiprocess.spring.autoconfigure.MultiprocessAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessPoolAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessTracingAutoConfiguration;
import io.multiprocess.spring.autoconfigure.ParallelMapAutoConfiguration;
import io.multiprocess.spring.parallel.ParallelMap;
import io.multiprocess.testing.NoLeftoversExtension;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Traces across the process boundary, with Micrometer's test tracer and real worker processes: the span of
 * each worker's run has the caller's trace id, and the task's observation (child of the caller's span) as
 * its parent, for a pool task and for a {@code @ParallelMap} chunk, ordered or not.
 */
@ExtendWith(NoLeftoversExtension.class)
class WorkerSpansIT {

    /** A service whose items say which trace and process they ran in. */
    public static class Traced {
        @ParallelMap(chunksize = 2)
        public List<String> where(List<Integer> items) {
            return items.stream().map(i -> seen()).toList();
        }

        @ParallelMap(chunksize = 2, ordered = false)
        public List<String> whereUnordered(List<Integer> items) {
            return items.stream().map(i -> seen()).toList();
        }

        static String seen() {
            return TaskContext.currentHeaders().get("traceId") + "@"
                    + ProcessHandle.current().pid();
        }
    }

    private final SimpleTracer tracer = new SimpleTracer();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MultiprocessAutoConfiguration.class,
                    MultiprocessPoolAutoConfiguration.class,
                    ParallelMapAutoConfiguration.class,
                    MultiprocessTracingAutoConfiguration.class))
            .withPropertyValues("multiprocess.pool.processes=2", "multiprocess.child.jvm-options=-Xmx96m")
            .withBean(SimpleTracer.class, () -> tracer)
            .withBean(ObservationRegistry.class, () -> {
                ObservationRegistry registry = ObservationRegistry.create();
                registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
                return registry;
            })
            .withBean(Traced.class);

    @Test
    void aWorkersSpanIsAChildOfTheCallersInTheSameTrace() {
        runner.run(context -> {
            Pool pool = context.getBean(Pool.class);
            ObservationRegistry registry = context.getBean(ObservationRegistry.class);
            Traced traced = context.getBean(Traced.class);
            long parentPid = ProcessHandle.current().pid();

            checkRequest(registry, "apply", () -> List.of(pool.apply(Traced::seen)), 1, parentPid);
            checkRequest(
                    registry,
                    "map",
                    () -> pool.map(
                            i -> Traced.seen(), IntStream.range(0, 4).boxed().toList(), 2),
                    2,
                    parentPid);
            List<Integer> six = IntStream.range(0, 6).boxed().toList();
            checkRequest(registry, "parallel map", () -> traced.where(six), 3, parentPid);
            checkRequest(registry, "unordered parallel map", () -> traced.whereUnordered(six), 3, parentPid);
        });
    }

    /** Runs {@code work} in a request's observation; checks what the workers saw and the spans. */
    private void checkRequest(
            ObservationRegistry registry, String name, Supplier<List<String>> work, int tasks, long parentPid) {
        tracer.getSpans().clear();
        Observation request = Observation.start("request " + name, registry);
        List<String> seen;
        try (Observation.Scope scope = request.openScope()) {
            seen = work.get();
        } finally {
            request.stop();
        }
        SimpleSpan requestSpan = spansNamed("request " + name).get(0);
        String traceId = requestSpan.getTraceId();
        assertThat(seen).as(name).allSatisfy(item -> {
            assertThat(item).startsWith(traceId + "@");
            assertThat(item).doesNotEndWith("@" + parentPid);
        });

        List<SimpleSpan> taskSpans = spansNamed("multiprocess " + "(apply|map|imapUnordered)");
        List<SimpleSpan> workerSpans = spansNamed(WorkerSpans.SPAN_NAME);
        assertThat(taskSpans).as(name).hasSize(tasks);
        assertThat(workerSpans).as(name).hasSize(tasks);
        for (SimpleSpan task : taskSpans) {
            assertThat(task.getTraceId()).isEqualTo(traceId);
            assertThat(task.getParentId()).isEqualTo(requestSpan.getSpanId());
        }
        List<String> taskIds = taskSpans.stream().map(SimpleSpan::getSpanId).toList();
        for (SimpleSpan worker : workerSpans) {
            assertThat(worker.getTraceId()).as(name).isEqualTo(traceId);
            assertThat(worker.getParentId()).as(name).isIn(taskIds);
            String pid = worker.getTags().get("multiprocess.worker.pid");
            assertThat(Long.parseLong(pid)).isNotEqualTo(parentPid);
            assertThat(seen).anySatisfy(item -> assertThat(item).endsWith("@" + pid));
            assertThat(worker.getStartTimestamp()).isBefore(worker.getEndTimestamp());
        }
    }

    private List<SimpleSpan> spansNamed(String regex) {
        return tracer.getSpans().stream()
                .filter(span -> span.getName() != null && span.getName().matches(regex))
                .toList();
    }
}
