package io.multiprocess.synchronize;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.context.ProcessContext;
import io.multiprocess.internal.shm.SharedSegment;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.sharedctypes.SharedArray;
import io.multiprocess.sharedctypes.SharedCTypes;
import io.multiprocess.sharedctypes.SharedValue;
import io.multiprocess.sharedctypes.TypeCode;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The primitives between real processes, including a lock holder killed by SIGKILL. The contract every
 * start method that starts processes keeps, run once per method by a subclass.
 */
@Timeout(300)
@ExtendWith(NoLeftoversExtension.class)
abstract class SynchronizeContract {

    private static final Duration LIMIT = ChildFiles.TIMEOUT;

    private final ProcessContext ctx = context();

    /**
     * The context under test.
     *
     * @return a context of the start method under test
     */
    abstract ProcessContext context();

    @TempDir
    Path dir;

    private static void increment(SharedValue counter, int rounds) {
        AbstractProcessLock lock = counter.getLock();
        for (int i = 0; i < rounds; i++) {
            lock.lock();
            try {
                counter.setLong(counter.getLong() + 1);
            } finally {
                lock.unlock();
            }
        }
    }

    @Test
    void processesIncrementingAValueUnderItsLockCountExactly() {
        ProcessEvent go = ctx.event();
        ProcessSemaphore ready = ctx.semaphore(0);
        SharedValue counter = ctx.value(TypeCode.LONG, 0);
        try {
            int rounds = 100_000;
            List<ChildProcess> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                ChildProcess worker = ctx.process(() -> {
                    go.await(Duration.ofMillis(1));
                    ready.release();
                    if (!go.await(LIMIT)) {
                        throw new IllegalStateException("never released");
                    }
                    increment(counter, rounds);
                });
                workers.add(worker);
                worker.start();
            }
            assertThat(ready.acquire(LIMIT)).isTrue();
            assertThat(ready.acquire(LIMIT)).isTrue();
            go.set();
            increment(counter, rounds);
            for (ChildProcess worker : workers) {
                assertThat(worker.join(LIMIT)).isTrue();
                assertThat(worker.exitCode()).hasValue(0);
            }
            assertThat(counter.getLong()).isEqualTo(3L * rounds);
        } finally {
            counter.unlink();
            ready.unlink();
            go.unlink();
        }
    }

    /** Increments slot {@code slot} of a raw (lock-free) array {@code rounds} times, each under {@code hold}. */
    private static void incrementHolding(SharedArray counts, int slot, int rounds, Supplier<Held> hold) {
        for (int i = 0; i < rounds; i++) {
            try (var held = hold.get()) {
                counts.setLong(slot, counts.getLong(slot) + 1);
            }
        }
    }

    @Test
    void holdBlocksExcludeOtherProcessesAndLeaveThePrimitivesUsableByAll() {
        ProcessLock lock = ctx.lock();
        ReentrantProcessLock rlock = ctx.rlock();
        BoundedProcessSemaphore semaphore = ctx.boundedSemaphore(1);
        ProcessCondition condition = ctx.condition();
        List<String> names = List.of(lock.name(), rlock.name(), semaphore.name(), condition.name());
        int rounds = 20_000;
        SharedArray counts = ctx.rawArray(TypeCode.LONG, 4);
        try {
            ChildProcess child = ctx.process(() -> {
                incrementHolding(counts, 0, rounds, lock::hold);
                incrementHolding(counts, 1, rounds, rlock::hold);
                incrementHolding(counts, 2, rounds, semaphore::hold);
                incrementHolding(counts, 3, rounds, condition::hold);
            });
            child.start();
            incrementHolding(counts, 0, rounds, lock::hold);
            incrementHolding(counts, 1, rounds, rlock::hold);
            incrementHolding(counts, 2, rounds, semaphore::hold);
            incrementHolding(counts, 3, rounds, condition::hold);
            assertThat(child.join(LIMIT)).isTrue();
            assertThat(child.exitCode()).hasValue(0);
            assertThat((long[]) counts.toArray()).containsExactly(2L * rounds, 2L * rounds, 2L * rounds, 2L * rounds);

            // Every block of both processes has ended: nothing is held, nothing was unlinked, and a process
            // that maps the primitives only now can hold them.
            assertThat(lock.ownerPid()).isEmpty();
            assertThat(rlock.ownerPid()).isEmpty();
            assertThat(semaphore.value()).isEqualTo(1);
            assertThat(names)
                    .allSatisfy(name ->
                            assertThat(SharedSegment.SHM_DIR.resolve(name)).exists());
            ChildProcess late = ctx.process(() -> {
                incrementHolding(counts, 0, 1, lock::hold);
                incrementHolding(counts, 1, 1, rlock::hold);
                incrementHolding(counts, 2, 1, semaphore::hold);
                incrementHolding(counts, 3, 1, condition::hold);
            });
            late.start();
            assertThat(late.join(LIMIT)).isTrue();
            assertThat(late.exitCode()).hasValue(0);
            assertThat((long[]) counts.toArray()).containsOnly(2L * rounds + 1);
            try (var held = lock.hold()) {
                assertThat(lock.ownerPid()).hasValue(ProcessHandle.current().pid());
            }
            assertThat(lock.ownerPid()).isEmpty();
        } finally {
            counts.unlink();
            condition.unlink();
            semaphore.unlink();
            rlock.unlink();
            lock.unlink();
        }
    }

    @Test
    void aLockWhoseHolderWasKilledIsTakenOverAndTheTakeOverIsReported() {
        ProcessLock lock = ctx.lock();
        try {
            Path locked = dir.resolve("locked");
            ChildProcess holder = ctx.process(
                    l -> {
                        l.lock();
                        ChildFiles.touch(locked);
                        ChildFiles.sleepForever();
                    },
                    lock);
            holder.start();
            ChildFiles.await(locked);
            long holderPid = holder.pid().getAsLong();
            assertThat(lock.ownerPid()).hasValue(holderPid);
            assertThat(lock.acquire(Duration.ofMillis(50))).isFalse();

            holder.kill();
            assertThat(holder.join(LIMIT)).isTrue();
            assertThat(lock.acquire(LIMIT)).isTrue();
            assertThat(lock.takenOverFrom()).hasValue(holderPid);
            assertThat(lock.ownerPid()).hasValue(ProcessHandle.current().pid());
            lock.release();
            assertThat(lock.takenOverFrom()).isEmpty();
            assertThat(lock.acquire(Duration.ofSeconds(1))).isTrue();
            assertThat(lock.takenOverFrom()).isEmpty();
            lock.release();
        } finally {
            lock.unlink();
        }
    }

    @Test
    void aBarrierAcrossProcessesRunsItsActionInExactlyOneProcess() {
        SharedValue trips = ctx.rawValue(TypeCode.INT, 0);
        SharedArray indexes = ctx.rawArray(TypeCode.INT, new int[] {-1, -1, -1});
        SharedValue actionPid = ctx.rawValue(TypeCode.LONG, 0);
        try {
            ProcessBarrier barrier = ctx.barrier(
                    3,
                    () -> {
                        trips.setInt(trips.getInt() + 1);
                        actionPid.setLong(ProcessHandle.current().pid());
                    },
                    LIMIT);
            try {
                List<ChildProcess> parties = new ArrayList<>();
                for (int p = 0; p < 2; p++) {
                    int slot = p;
                    ChildProcess party = ctx.process(() -> indexes.setInt(slot, barrier.await()));
                    parties.add(party);
                    party.start();
                }
                indexes.setInt(2, barrier.await());
                for (ChildProcess party : parties) {
                    assertThat(party.join(LIMIT)).isTrue();
                    assertThat(party.exitCode()).hasValue(0);
                }
                assertThat((int[]) indexes.toArray()).containsExactlyInAnyOrder(0, 1, 2);
                assertThat(trips.getInt()).isEqualTo(1);
                assertThat(actionPid.getLong()).isPositive();
            } finally {
                barrier.unlink();
            }
        } finally {
            actionPid.unlink();
            indexes.unlink();
            trips.unlink();
        }
    }

    @Test
    void conditionEventAndSemaphoreCoordinateProcesses() {
        ProcessCondition condition = ctx.condition();
        ProcessEvent go = ctx.event();
        ProcessSemaphore tokens = ctx.semaphore(0);
        SharedValue state = ctx.value(TypeCode.INT, 0);
        try {
            ChildProcess child = ctx.process(() -> {
                if (!go.await(LIMIT)) {
                    throw new IllegalStateException("event never set");
                }
                condition.getLock().lock();
                try {
                    if (!condition.waitFor(() -> state.getInt() == 1, LIMIT)) {
                        throw new IllegalStateException("condition never met");
                    }
                    state.setInt(2);
                    condition.signalAll();
                } finally {
                    condition.getLock().unlock();
                }
                if (!tokens.acquire(LIMIT)) {
                    throw new IllegalStateException("no token");
                }
                state.setInt(3);
            });
            child.start();
            go.set();
            condition.getLock().lock();
            try {
                state.setInt(1);
                condition.signalAll();
                assertThat(condition.waitFor(() -> state.getInt() == 2, LIMIT)).isTrue();
            } finally {
                condition.getLock().unlock();
            }
            tokens.release();
            assertThat(child.join(LIMIT)).isTrue();
            assertThat(child.exitCode()).hasValue(0);
            assertThat(state.getInt()).isEqualTo(3);
        } finally {
            state.unlink();
            tokens.unlink();
            go.unlink();
            condition.unlink();
        }
    }

    @Test
    void whatAChildCreatesAndDoesNotCloseIsUnlinkedWhenItExits() {
        Path names = dir.resolve("names");
        ChildProcess child = ctx.process(() -> {
            ProcessLock lock = new ProcessLock();
            SharedValue value = SharedCTypes.value(TypeCode.INT, 1);
            ProcessBarrier barrier = new ProcessBarrier(2);
            ChildFiles.write(names, lock.name() + "\n" + value.name() + "\n" + barrier.name());
        });
        child.start();
        assertThat(child.join(LIMIT)).isTrue();
        assertThat(child.exitCode()).hasValue(0);
        for (String name : ChildFiles.read(names).split("\n")) {
            assertThat(Files.exists(SharedSegment.SHM_DIR.resolve(name)))
                    .as(name)
                    .isFalse();
        }
    }
}
