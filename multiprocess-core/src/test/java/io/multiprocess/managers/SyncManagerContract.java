package io.multiprocess.managers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.ProcessStartException;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.pool.ResultIterator;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import io.multiprocess.testing.OsProcesses;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A started SyncManager (its server a child process) and proxies used by other children: shared state,
 * nested proxies, pools, and crashes of clients holding locks and references. One manager serves the
 * tests that do not kill it. The contract every start method that starts processes keeps, run once per
 * method by a subclass (the manager's server and the children are started with it).
 */
@Timeout(300)
@ExtendWith(NoLeftoversExtension.class)
@NoLeftoversExtension.PerClass
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SyncManagerContract {

    private static final Duration LIMIT = ChildFiles.TIMEOUT;

    private final ProcessContext ctx = context();
    SyncManager manager;

    @TempDir
    Path dir;

    /**
     * The context under test.
     *
     * @return a context of the start method under test
     */
    abstract ProcessContext context();

    @BeforeAll
    void start() {
        manager = ctx.manager();
    }

    @AfterAll
    void stop() {
        manager.shutdown();
        assertThat(manager.join(Duration.ZERO)).isTrue();
    }

    private static void joinAll(List<ChildProcess> children) {
        for (ChildProcess child : children) {
            assertThat(child.join(LIMIT)).isTrue();
            assertThat(child.exitCode()).hasValue(0);
        }
    }

    @Test
    void proxiesPassedToChildrenShareOneDictListAndLock() {
        DictProxy<String, Integer> counts = manager.dict();
        ListProxy<Long> pids = manager.list();
        LockProxy lock = manager.lock();
        List<ChildProcess> children = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ChildProcess child = ctx.process(() -> {
                for (int n = 0; n < 50; n++) {
                    lock.lock();
                    try {
                        Integer value = counts.get("total");
                        counts.put("total", value == null ? 1 : value + 1);
                    } finally {
                        lock.unlock();
                    }
                }
                counts.merge("children", 1, (BiFunction<Integer, Integer, Integer> & Serializable) Integer::sum);
                pids.add(ProcessHandle.current().pid());
            });
            child.start();
            children.add(child);
        }
        joinAll(children);
        assertThat(counts.get("total")).isEqualTo(150);
        assertThat(counts.get("children")).isEqualTo(3);
        assertThat(pids)
                .containsExactlyInAnyOrderElementsOf(
                        children.stream().map(c -> c.pid().getAsLong()).toList());
    }

    @Test
    void nestedProxiesCrossProcessesAsReferencesToTheSameObjects() throws Exception {
        DictProxy<String, Object> outer = manager.dict();
        ListProxy<String> inner = manager.list();
        QueueProxy<Object> handOff = manager.queue();
        ChildProcess child = ctx.process(() -> {
            @SuppressWarnings("unchecked")
            ListProxy<String> received = (ListProxy<String>) handOff.get();
            outer.put("inner", received);
            @SuppressWarnings("unchecked")
            ListProxy<String> created = (ListProxy<String>) handOff.get();
            created.add("from the child");
            @SuppressWarnings("unchecked")
            ListProxy<String> again = (ListProxy<String>) outer.get("inner");
            again.add("through the dict, in the child");
        });
        child.start();
        handOff.put(inner);
        ListProxy<String> second = manager.list();
        handOff.put(second);
        assertThat(child.join(LIMIT)).isTrue();
        assertThat(child.exitCode()).hasValue(0);
        @SuppressWarnings("unchecked")
        ListProxy<String> back = (ListProxy<String>) outer.get("inner");
        assertThat(back).isEqualTo(inner).containsExactly("through the dict, in the child");
        assertThat(second).containsExactly("from the child");
    }

    @Test
    void aClientKilledWhileHoldingALockDoesNotBlockTheOthers() {
        LockProxy lock = manager.lock();
        Path locked = dir.resolve("locked");
        ChildProcess holder = ctx.process(() -> {
            lock.lock();
            ChildFiles.touch(locked);
            ChildFiles.sleepForever();
        });
        holder.start();
        ChildFiles.await(locked);
        assertThat(lock.acquire(false)).isFalse();
        holder.kill();
        assertThat(holder.join(LIMIT)).isTrue();
        assertThat(lock.acquire(LIMIT)).isTrue();
        lock.release();
    }

    @Test
    void aClientKilledWhileWaitingTakesNoItemAndItsReferencesAreReleased() throws Exception {
        QueueProxy<String> queue = manager.queue();
        ListProxy<String> onlyTheChildHoldsThis = manager.list();
        Path waiting = dir.resolve("waiting");
        ChildProcess consumer = ctx.process(() -> {
            onlyTheChildHoldsThis.add("held");
            ChildFiles.touch(waiting);
            queue.get();
        });
        consumer.start();
        ChildFiles.await(waiting);
        int withTheList = manager.numberOfObjects();
        onlyTheChildHoldsThis.releaseProxy();
        Awaitility.await()
                .during(Duration.ofMillis(200))
                .atMost(LIMIT)
                .until(() -> manager.numberOfObjects() == withTheList);
        consumer.kill();
        assertThat(consumer.join(LIMIT)).isTrue();
        Awaitility.await().atMost(LIMIT).until(() -> manager.numberOfObjects() == withTheList - 1);
        queue.put("for a live consumer");
        assertThat(queue.get(LIMIT)).isEqualTo("for a live consumer");
    }

    @Test
    void aPoolServedByTheManagerRunsTasksInItsWorkers() {
        PoolProxy pool = manager.pool(2);
        try {
            assertThat(pool.processes()).isEqualTo(2);
            assertThat(pool.<Integer, Integer>map(x -> x * x, List.of(1, 2, 3, 4)))
                    .containsExactly(1, 4, 9, 16);
            AsyncResultProxy<Long> pid =
                    pool.applyAsync(() -> ProcessHandle.current().pid());
            assertThat(pid.result(LIMIT))
                    .isNotEqualTo(ProcessHandle.current().pid())
                    .isNotEqualTo(manager.serverPid().getAsLong());
            assertThat(pid.isSuccessful()).isTrue();
            List<Integer> results = new ArrayList<>();
            try (ResultIterator<Integer> iterator = pool.<Integer, Integer>imap(x -> x + 1, List.of(1, 2, 3))) {
                iterator.forEachRemaining(results::add);
            }
            assertThat(results).containsExactly(2, 3, 4);
        } finally {
            pool.terminate();
            pool.releaseProxy();
        }
    }

    @Test
    void aTypeRegisteredOnASubclassIsServedByTheStartedProcessAfterItsInitializer() {
        Path initialized = dir.resolve("initialized");
        try (BaseManagerTests.MathsManager maths = new BaseManagerTests.MathsManager()) {
            maths.withContext(ctx.settings());
            maths.start(() -> ChildFiles.write(
                    initialized, Long.toString(ProcessHandle.current().pid())));
            assertThat(maths.maths().add(4, 3)).isEqualTo(7);
            assertThat(ChildFiles.read(initialized))
                    .isEqualTo(Long.toString(maths.serverPid().getAsLong()));
            maths.shutdown();
            assertThat(maths.join(LIMIT)).isTrue();
        }
    }

    @Test
    void aServerThatCannotStartReportsWhy() {
        BaseManager failing = new BaseManager().withContext(ctx.settings());
        assertThatThrownBy(() -> failing.start(() -> {
                    throw new IllegalStateException("initializer refuses");
                }))
                .isInstanceOf(ProcessStartException.class)
                .hasMessageContaining("initializer refuses");
    }

    @Test
    void aStartedTlsManagerServesProxiesThatTravelToChildren() throws Exception {
        Path store = TlsFixtures.generateKeyStore(dir, "started");
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (SyncManager tls = new SyncManager(loopback, "tls key".getBytes(StandardCharsets.UTF_8))
                .withContext(ctx.settings())
                .withTls(() -> TlsFixtures.both(store))) {
            tls.start();
            DictProxy<String, Long> dict = tls.dict();
            ChildProcess child =
                    ctx.process(() -> dict.put("child", ProcessHandle.current().pid()));
            child.start();
            assertThat(child.join(LIMIT)).isTrue();
            assertThat(child.exitCode()).hasValue(0);
            assertThat(dict.get("child")).isEqualTo(child.pid().getAsLong());
        }
    }

    @Test
    void callsOnAServerKilledBySigkillFailAtOnceAndNeverHang() throws Exception {
        SyncManager doomed = ctx.manager();
        QueueProxy<String> queue = doomed.queue();
        CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                queue.get();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Awaitility.await().during(Duration.ofMillis(200)).atMost(LIMIT).until(() -> !waiting.isDone());
        long pid = doomed.serverPid().getAsLong();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        OsProcesses.awaitExit(pid, LIMIT);
        assertThat(waiting.get(30, TimeUnit.SECONDS)).isInstanceOf(ManagerUnreachableException.class);
        assertThatThrownBy(queue::qsize).isInstanceOf(ManagerUnreachableException.class);
        assertThatThrownBy(doomed::dict).isInstanceOf(ManagerUnreachableException.class);
        doomed.shutdown();
        assertThat(doomed.join(LIMIT)).isTrue();
    }
}
