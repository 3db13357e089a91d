package io.multiprocess.synchronize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.InterruptedOperationException;
import io.multiprocess.MultiprocessException;
import io.multiprocess.internal.shm.SharedSegment;
import io.multiprocess.serialization.JdkSerializer;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.testing.NoLeftoversExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Locks within one JVM: the contract, timeouts, interruption, ownership, serialization, clean-up. */
@ExtendWith(NoLeftoversExtension.class)
class ProcessLockTests {

    @Test
    void aLockIsAcquiredReleasedAndReportsItsHolder() {
        ProcessLock lock = new ProcessLock();
        try {
            assertThat(lock.ownerPid()).isEmpty();
            assertThat(lock.acquire()).isTrue();
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            assertThat(lock.ownerPid()).hasValue(ProcessHandle.current().pid());
            assertThat(lock.acquire(false)).isFalse();
            assertThat(lock.tryLock()).isFalse();
            assertThat(lock.takenOverFrom()).isEmpty();
            lock.release();
            assertThat(lock.ownerPid()).isEmpty();
            assertThatThrownBy(lock::release)
                    .isInstanceOf(LockNotHeldException.class)
                    .isInstanceOf(IllegalMonitorStateException.class)
                    .hasMessageContaining("not held");
        } finally {
            lock.unlink();
        }
    }

    @Test
    void anotherThreadMayReleaseAPlainLockButNotAReentrantOne() throws Exception {
        ProcessLock lock = new ProcessLock();
        ReentrantProcessLock rlock = new ReentrantProcessLock();
        try {
            lock.lock();
            rlock.lock();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread other = new Thread(() -> {
                lock.unlock();
                try {
                    rlock.unlock();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            other.start();
            other.join(30_000);
            assertThat(lock.ownerPid()).isEmpty();
            assertThat(thrown.get())
                    .isInstanceOf(LockNotHeldException.class)
                    .hasMessageContaining("only the holding thread");
            assertThat(rlock.isHeldByCurrentThread()).isTrue();
            rlock.unlock();
        } finally {
            rlock.unlink();
            lock.unlink();
        }
    }

    @Test
    void aReentrantLockCountsItsHolds() {
        ReentrantProcessLock lock = new ReentrantProcessLock();
        try {
            lock.lock();
            lock.lock();
            assertThat(lock.acquire(Duration.ZERO)).isTrue();
            assertThat(lock.holdCount()).isEqualTo(3);
            lock.unlock();
            lock.unlock();
            assertThat(lock.ownerPid()).hasValue(ProcessHandle.current().pid());
            lock.unlock();
            assertThat(lock.ownerPid()).isEmpty();
            assertThat(lock.holdCount()).isZero();
            assertThatThrownBy(lock::unlock).isInstanceOf(LockNotHeldException.class);
        } finally {
            lock.unlink();
        }
    }

    @Test
    void aHeldLockTimesOutForOthers() throws Exception {
        for (AbstractProcessLock lock : List.of(new ProcessLock(), new ReentrantProcessLock())) {
            try {
                lock.lock();
                AtomicReference<Boolean> python = new AtomicReference<>();
                AtomicReference<Boolean> jdk = new AtomicReference<>();
                Thread other = new Thread(() -> {
                    python.set(lock.acquire(Duration.ofMillis(30)));
                    try {
                        jdk.set(lock.tryLock(30, TimeUnit.MILLISECONDS));
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                });
                other.start();
                other.join(30_000);
                assertThat(python.get()).isFalse();
                assertThat(jdk.get()).isFalse();
                lock.unlock();
            } finally {
                lock.unlink();
            }
        }
    }

    @Test
    void waitingIsInterruptibleTheWayEachApiSays() throws Exception {
        ProcessLock lock = new ProcessLock();
        try {
            lock.lock();
            AtomicReference<Throwable> python = new AtomicReference<>();
            AtomicReference<Throwable> jdk = new AtomicReference<>();
            AtomicReference<Boolean> flagKept = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    lock.acquire();
                } catch (Throwable t) {
                    python.set(t);
                    flagKept.set(Thread.interrupted());
                }
                Thread.currentThread().interrupt();
                try {
                    lock.lockInterruptibly();
                } catch (Throwable t) {
                    jdk.set(t);
                }
            });
            waiter.start();
            waiter.join(30_000);
            assertThat(python.get()).isInstanceOf(InterruptedOperationException.class);
            assertThat(flagKept.get()).isTrue();
            assertThat(jdk.get()).isInstanceOf(InterruptedException.class);
            lock.unlock();
        } finally {
            lock.unlink();
        }
    }

    @Test
    void lockIgnoresInterruptionAndKeepsTheFlag() throws Exception {
        ProcessLock lock = new ProcessLock();
        try {
            lock.lock();
            AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                lock.lock();
                interruptedAfter.set(Thread.currentThread().isInterrupted());
                lock.unlock();
            });
            waiter.start();
            waiter.interrupt();
            Thread.onSpinWait();
            lock.unlock();
            waiter.join(30_000);
            assertThat(interruptedAfter.get()).isTrue();
        } finally {
            lock.unlink();
        }
    }

    @Test
    void threadsContendingCountExactly() throws Exception {
        ReentrantProcessLock lock = new ReentrantProcessLock();
        try {
            long[] counter = {0};
            int threads = 4;
            int rounds = 20_000;
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread worker = new Thread(() -> {
                    for (int i = 0; i < rounds; i++) {
                        lock.lock();
                        try {
                            counter[0]++;
                        } finally {
                            lock.unlock();
                        }
                    }
                });
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join(120_000);
            }
            assertThat(counter[0]).isEqualTo((long) threads * rounds);
        } finally {
            lock.unlink();
        }
    }

    @Test
    void copiesReceivedInTheSameProcessAreTheSameLock() {
        ProcessLock lock = new ProcessLock();
        ReentrantProcessLock rlock = new ReentrantProcessLock();
        try {
            for (var serializer : List.of(new KryoSerializer(), new JdkSerializer())) {
                assertThat(serializer.deserialize(serializer.serialize(lock))).isSameAs(lock);
                assertThat(serializer.deserialize(serializer.serialize(rlock))).isSameAs(rlock);
            }
            Lock asJdkLock = rlock;
            ProcessCondition condition = (ProcessCondition) asJdkLock.newCondition();
            try {
                assertThat(condition.getLock()).isSameAs(rlock);
            } finally {
                condition.unlink();
            }
        } finally {
            rlock.unlink();
            lock.unlink();
        }
    }

    @Test
    void unlinkRemovesTheSegmentAndTheLockKeepsWorkingHere() {
        ProcessLock lock = new ProcessLock();
        String name = lock.name();
        assertThat(Files.exists(SharedSegment.SHM_DIR.resolve(name))).isTrue();
        lock.unlink();
        assertThat(Files.exists(SharedSegment.SHM_DIR.resolve(name))).isFalse();
        lock.lock();
        lock.unlock();
        lock.unlink();
    }

    @Test
    void afterUnlinkANewProcessCannotAttachButThisOneStillResolvesItsCopies() {
        ProcessLock lock = new ProcessLock();
        KryoSerializer serializer = new KryoSerializer();
        byte[] ticket = serializer.serialize(lock);
        String name = lock.name();
        lock.unlink();
        // A process that never had the lock would map the name, which is gone:
        assertThatThrownBy(() -> SharedSegment.attach(name))
                .isInstanceOf(MultiprocessException.class)
                .hasMessageContaining("No shared-memory segment named");
        // This process still has it, so a copy it receives is the same lock:
        assertThat(serializer.deserialize(ticket)).isSameAs(lock);
    }

    @Test
    void holdReleasesOnceWhenTheBlockEndsAndLeavesTheSegment() {
        ReentrantProcessLock lock = new ReentrantProcessLock();
        ProcessSemaphore semaphore = new ProcessSemaphore(2);
        ProcessCondition condition = new ProcessCondition();
        try {
            try (var outer = lock.hold();
                    var inner = lock.hold()) {
                assertThat(lock.holdCount()).isEqualTo(2);
            }
            assertThat(lock.holdCount()).isZero();
            assertThat(lock.ownerPid()).isEmpty();

            Held held = semaphore.hold();
            assertThat(semaphore.value()).isEqualTo(1);
            held.close();
            held.close();
            assertThat(held.isReleased()).isTrue();
            assertThat(semaphore.value()).isEqualTo(2);

            assertThatThrownBy(() -> {
                        try (var h = condition.hold()) {
                            assertThat(condition.getLock().isHeldByCurrentThread())
                                    .isTrue();
                            throw new IllegalStateException("boom");
                        }
                    })
                    .hasMessage("boom");
            assertThat(condition.getLock().isHeldByCurrentThread()).isFalse();
            assertThat(List.of(lock.name(), semaphore.name(), condition.name()))
                    .allSatisfy(name ->
                            assertThat(SharedSegment.SHM_DIR.resolve(name)).exists());
        } finally {
            condition.unlink();
            semaphore.unlink();
            lock.unlink();
        }
    }
}
