package io.multiprocess.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.Multiprocess;
import io.multiprocess.SerializationException;
import io.multiprocess.StartMethod;
import io.multiprocess.connection.Pipe;
import io.multiprocess.process.BaseProcess;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.queues.JoinableQueue;
import io.multiprocess.queues.ProcessQueue;
import io.multiprocess.serialization.KryoSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The thread-backed context, Python's {@code multiprocessing.dummy}: the process API on threads. */
class ThreadContextTests {

    private static final Duration JOIN = Duration.ofSeconds(30);

    private final ProcessContext ctx = Multiprocess.getContext("thread");

    @Test
    void itIsReachedByTheNameThreadAndIsNotAStartMethodOfProcesses() {
        assertThat(ctx.startMethod()).isEqualTo(StartMethod.THREAD);
        assertThat(ctx.isThreadBacked()).isTrue();
        assertThat(Multiprocess.getContext("spawn").isThreadBacked()).isFalse();
        assertThat(Multiprocess.getAllStartMethods()).containsExactly("spawn", "forkserver");
        assertThatThrownBy(ctx::commandLine)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("starts no child JVM");
    }

    @Test
    void theTargetRunsOnANamedThreadOfThisJvmAsTheCurrentProcess() {
        AtomicReference<BaseProcess> seen = new AtomicReference<>();
        AtomicReference<String> thread = new AtomicReference<>();
        ChildProcess p = ctx.process("worker", () -> {
            seen.set(Multiprocess.currentProcess());
            thread.set(Thread.currentThread().getName());
        });
        p.start();
        assertThat(p.join(JOIN)).isTrue();
        assertThat(seen.get()).isSameAs(p);
        assertThat(thread.get()).isEqualTo("worker");
        assertThat(p.exitCode()).hasValue(0);
        assertThat(p.pid()).hasValue(ProcessHandle.current().pid());
        assertThat(Multiprocess.currentProcess().name()).isEqualTo("MainProcess");
    }

    @Test
    void nothingIsSerializedSoAnythingMayBeCaptured() {
        Object unserializable = new Thread(() -> {});
        AtomicBoolean sameObject = new AtomicBoolean();
        ChildProcess p = ctx.process(() -> sameObject.set(unserializable != null));
        p.start();
        assertThat(p.join(JOIN)).isTrue();
        assertThat(sameObject).isTrue();
    }

    @Test
    void anExceptionGivesExitCodeOne() {
        ChildProcess p = ctx.process("failing-thread", () -> {
            throw new IllegalStateException("boom on a thread");
        });
        p.start();
        assertThat(p.join(JOIN)).isTrue();
        assertThat(p.exitCode()).hasValue(1);
    }

    @Test
    void terminateInterruptsTheThread() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        ChildProcess p = ctx.process(() -> {
            running.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        p.start();
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.isAlive()).isTrue();
        assertThat(Multiprocess.activeChildren()).contains(p);
        p.terminate();
        assertThat(p.join(JOIN)).isTrue();
        assertThat(interrupted).isTrue();
        assertThat(p.exitCode()).hasValue(0);
        assertThat(Multiprocess.activeChildren()).doesNotContain(p);
    }

    @Test
    void theDaemonFlagMakesADaemonThread() {
        AtomicBoolean daemon = new AtomicBoolean();
        ChildProcess p = ctx.process(() -> daemon.set(Thread.currentThread().isDaemon()));
        p.setDaemon(true);
        p.start();
        assertThat(p.join(JOIN)).isTrue();
        assertThat(daemon).isTrue();
    }

    @Test
    void aProcessStartedOnAThreadNamesItsOwnChildren() {
        AtomicReference<String> childName = new AtomicReference<>();
        ChildProcess p = ctx.process(() -> childName.set(
                Multiprocess.getContext("thread").process(() -> {}).name()));
        p.start();
        assertThat(p.join(JOIN)).isTrue();
        assertThat(childName.get()).startsWith(p.name() + ":");
    }

    @Test
    void theDefaultStartMethodCanBeThreads() {
        ProcessContext before = DefaultContext.get();
        try {
            Multiprocess.setStartMethod("thread", true);
            assertThat(Multiprocess.getStartMethod()).isEqualTo(StartMethod.THREAD);
            AtomicReference<String> thread = new AtomicReference<>();
            ChildProcess p =
                    Multiprocess.process(() -> thread.set(Thread.currentThread().getName()));
            p.start();
            assertThat(p.join(JOIN)).isTrue();
            assertThat(thread.get()).isEqualTo(p.name());
        } finally {
            DefaultContext.set(before, true);
        }
    }

    @Test
    void queuesAndPipesPassTheSameObjectsAndStayInThisJvm() throws Exception {
        ProcessQueue<List<String>> queue = ctx.queue(0);
        JoinableQueue<Object> joinable = ctx.joinableQueue(0);
        Pipe pipe = ctx.pipe(true);
        try {
            List<String> mutable = new ArrayList<>(List.of("a"));
            Object unserializable = new Thread(() -> {});
            ChildProcess p = ctx.process(() -> {
                List<String> got = queue.get(JOIN);
                got.add("seen by the consumer");
                try {
                    joinable.put(unserializable);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                pipe.second().send(got);
            });
            p.start();
            queue.put(mutable);
            assertThat(pipe.first().recv()).isSameAs(mutable);
            assertThat(mutable).containsExactly("a", "seen by the consumer");
            assertThat(joinable.get(JOIN)).isSameAs(unserializable);
            joinable.taskDone();
            assertThat(p.join(JOIN)).isTrue();
            assertThat(p.exitCode()).hasValue(0);
            assertThatThrownBy(() -> new KryoSerializer().serialize(queue))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("'thread' context");
        } finally {
            queue.close();
            joinable.close();
            pipe.close();
        }
    }
}
