package io.multiprocess.pool;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The sinks that complete {@link AsyncResult}s: one task, or the chunks of a map. Internal. */
final class ResultSinks {

    private ResultSinks() {}

    /** Completes a result from a single task's single outcome, mapped (for {@code submit(Runnable, T)}). */
    static final class Single<R extends @Nullable Object> implements TaskSink {

        private final AsyncResult<R> result;
        private final String jobName;
        private final Function<Object, R> mapper;

        Single(AsyncResult<R> result, String jobName, Function<Object, R> mapper) {
            this.result = result;
            this.jobName = jobName;
            this.mapper = mapper;
        }

        AsyncResult<R> result() {
            return result;
        }

        @Override
        public void completed(Task task, @Nullable Object[] outcomes, long workerPid) {
            Object outcome = outcomes.length > 0 ? outcomes[0] : null;
            if (outcome instanceof Failure failure) {
                result.failRemote(failure.error(), workerPid);
            } else {
                result.complete(mapper.apply(outcome));
            }
        }

        @Override
        public void failed(Task task, Throwable reason) {
            result.fail(reason);
        }

        @Override
        public String jobName() {
            return jobName;
        }
    }

    /**
     * Gathers the chunks of a map into one list; fails the whole result at the first failure that
     * arrives, as Python's {@code MapResult} does.
     */
    static final class MapChunks<R extends @Nullable Object> implements TaskSink {

        private final AsyncResult<List<R>> result;
        private final String jobName;
        private final @Nullable Object[] values;
        private final AtomicInteger chunksLeft;
        private final long callId;

        MapChunks(AsyncResult<List<R>> result, String jobName, int items, int chunks, long callId) {
            this.result = result;
            this.jobName = jobName;
            this.values = new Object[items];
            this.chunksLeft = new AtomicInteger(chunks);
            this.callId = callId;
        }

        @Override
        public long callId() {
            return callId;
        }

        @Override
        @SuppressWarnings("unchecked")
        public void completed(Task task, @Nullable Object[] outcomes, long workerPid) {
            if (result.isDone()) {
                return;
            }
            for (Object outcome : outcomes) {
                if (outcome instanceof Failure failure) {
                    result.failRemote(failure.error(), workerPid);
                    return;
                }
            }
            if (outcomes.length != task.outcomeCount()) {
                result.fail(new IllegalStateException("A worker returned " + outcomes.length + " results for "
                        + task.describe() + ", which has " + task.outcomeCount() + " items"));
                return;
            }
            System.arraycopy(outcomes, 0, values, (int) task.firstIndex, outcomes.length);
            // The decrement publishes the copy above to the thread that sees zero.
            if (chunksLeft.decrementAndGet() == 0) {
                result.complete((List<R>) Collections.unmodifiableList(Arrays.asList(values)));
            }
        }

        @Override
        public void failed(Task task, Throwable reason) {
            result.fail(reason);
        }

        @Override
        public String jobName() {
            return jobName;
        }
    }
}
