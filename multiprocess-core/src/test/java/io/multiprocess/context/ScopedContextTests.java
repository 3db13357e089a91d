package io.multiprocess.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.Multiprocess;
import io.multiprocess.ProcessStateException;
import io.multiprocess.StartMethod;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolListener;
import io.multiprocess.sharedctypes.SharedValue;
import io.multiprocess.sharedctypes.TypeCode;
import io.multiprocess.synchronize.ProcessLock;
import io.multiprocess.testing.NoLeftoversExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scope of a context, without child JVMs: who owns what, derived contexts, pool customizers. */
@ExtendWith(NoLeftoversExtension.class)
class ScopedContextTests {

    private static final Path SHM = Path.of("/dev/shm");

    @Test
    void aPlainContextOwnsNothingAndItsCloseDoesNothing() {
        ProcessContext plain = ProcessContext.of(StartMethod.THREAD);
        ProcessLock lock = plain.lock();
        try {
            plain.close();
            assertThat(plain.isScoped()).isFalse();
            assertThat(plain.isClosed()).isFalse();
            assertThat(SHM.resolve(lock.name())).exists();
        } finally {
            lock.unlink();
        }
    }

    @Test
    void derivedContextsShareTheScopeAndTheScopeStaysInThisProcess() {
        ProcessContext scoped = Multiprocess.scopedContext("thread");
        ProcessContext derived = scoped.withJvmOptions("-Xmx64m");
        SharedValue value = derived.value(TypeCode.INT, 3);
        assertThat(derived.isScoped()).isTrue();
        assertThat(scoped).isNotEqualTo(ProcessContext.of(scoped.settings()));
        assertThat(scoped.scoped()).isNotEqualTo(scoped);

        ProcessContext copy = (ProcessContext)
                scoped.serializer().deserialize(scoped.serializer().serialize(scoped));
        assertThat(copy.isScoped()).isFalse();
        assertThat(copy.startMethod()).isEqualTo(StartMethod.THREAD);

        derived.close();
        assertThat(scoped.isClosed()).isTrue();
        assertThat(SHM.resolve(value.name())).doesNotExist();
        scoped.close();
        assertThatThrownBy(() -> scoped.value(TypeCode.INT, 1)).isInstanceOf(ProcessStateException.class);
    }

    @Test
    void poolsOfAScopeAreTerminatedOnCloseNewestFirst() {
        List<String> order = new ArrayList<>();
        Pool first;
        Pool second;
        try (ProcessContext ctx = Multiprocess.scopedContext("thread")) {
            first = ctx.poolBuilder().onBuild(p -> order.add("built first")).build();
            second = ctx.pool(1);
            assertThat(second.apply(() -> 42)).isEqualTo(42);
            ctx.withJvmOptions().process(() -> order.add("never started"));
        }
        assertThat(first.isTerminated()).isTrue();
        assertThat(second.isTerminated()).isTrue();
        assertThat(order).containsExactly("built first");
    }

    @Test
    void poolCustomizersReachEveryPoolOfTheContextAndItsDerivatives() {
        AtomicInteger built = new AtomicInteger();
        AtomicInteger submitted = new AtomicInteger();
        PoolListener counting = new PoolListener() {
            @Override
            public void tasksSubmitted(int count) {
                submitted.addAndGet(count);
            }
        };
        try (ProcessContext ctx = Multiprocess.scopedContext("thread")
                .withPoolCustomizer(builder -> builder.listener(counting).onBuild(pool -> built.incrementAndGet()))) {
            try (Pool pool = ctx.withJvmOptions("-Xmx64m").pool(1)) {
                pool.apply(() -> 1);
            }
            Pool other = ctx.pool(1);
            other.apply(() -> 2);
            assertThat(other.isTerminated()).isFalse();
        }
        assertThat(built).hasValue(2);
        assertThat(submitted).hasValue(2);
    }

    @Test
    void aScopedContextListsItsOpenQueuesForMonitoring() throws Exception {
        assertThat(ProcessContext.of(StartMethod.SPAWN).queues()).isEmpty();
        try (ProcessContext scoped = Multiprocess.scopedContext("spawn")) {
            io.multiprocess.queues.ProcessQueue<String> queue = scoped.queue(0);
            io.multiprocess.queues.JoinableQueue<String> joinable =
                    scoped.withJvmOptions("-Xmx64m").joinableQueue(5);
            io.multiprocess.queues.SimpleQueue<String> closed = scoped.simpleQueue();
            closed.close();
            queue.put("a");
            queue.put("b");
            assertThat(scoped.queues()).containsExactly(queue, joinable);
            assertThat(scoped.queues().get(0).qsize()).isEqualTo(2);
            assertThat(queue.get()).isEqualTo("a");
            assertThat(queue.get()).isEqualTo("b");
        }
    }
}
