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
        try (ProcessLock lock = new ProcessLock()) {
            assertThat(lock.ownerPid()).isEmpty();
            assertThat(lock.acquire()).isTrue();
            assertThat(lock.isHeldByCurrentThread()).isTrue();
            assertThat(lock.ownerPid()).hasValue(ProcessHandle.current().pid());
            assertThat(lock.acquire(false)).isFalse();
            assertThat(lock.tryLock()).isFalse();
            assertThat(lock.takenOverFrom()).isEmpty();
            lock.release();
            assertThat(lock.ownerPid()).isEmpty();
            assertThatThrownBy(lock::release).isInstanceOf(LockNotHeldException.class)
                .isInstanceOf(IllegalMonitorStateException.class).hasMessageContaining("not held");
        }
    }

    @Test
    void anotherThreadMayReleaseAPlainLockButNotAReentrantOne() throws Exception {
        try (ProcessLock lock = new ProcessLock(); ReentrantProcessLock rlock = new ReentrantProcessLock()) {
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
            assertThat(thrown.get()).isInstanceOf(LockNotHeldException.class).hasMessageContaining("only the holding thread");
            assertThat(rlock.isHeldByCurrentThread()).isTrue();
            rlock.unlock();
        }
    }

    @Test
    void aReentrantLockCountsItsHolds() {
        try (ReentrantProcessLock lock = new ReentrantProcessLock()) {
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
        }
    }

    @Test
    void aHeldLockTimesOutForOthers() throws Exception {
        for (AbstractProcessLock lock : List.of(new ProcessLock(), new ReentrantProcessLock())) {
            try (lock) {
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
            }
        }
    }

    @Test
    void waitingIsInterruptibleTheWayEachApiSays() throws Exception {
        try (ProcessLock lock = new ProcessLock()) {
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
        }
    }

    @Test
    void lockIgnoresInterruptionAndKeepsTheFlag() throws Exception {
        try (ProcessLock lock = new ProcessLock()) {
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
        }
    }

    @Test
    void threadsContendingCountExactly() throws Exception {
        try (ReentrantProcessLock lock = new ReentrantProcessLock()) {
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
        }
    }

    @Test
    void copiesReceivedInTheSameProcessAreTheSameLock() {
        try (ProcessLock lock = new ProcessLock(); ReentrantProcessLock rlock = new ReentrantProcessLock()) {
            for (var serializer : List.of(new KryoSerializer(), new JdkSerializer())) {
                assertThat(serializer.deserialize(serializer.serialize(lock))).isSameAs(lock);
                assertThat(serializer.deserialize(serializer.serialize(rlock))).isSameAs(rlock);
            }
            Lock asJdkLock = rlock;
            try (ProcessCondition condition = (ProcessCondition) asJdkLock.newCondition()) {
                assertThat(condition.getLock()).isSameAs(rlock);
            }
        }
    }

    @Test
    void closeUnlinksTheSegmentAndTheLockKeepsWorkingHere() {
        ProcessLock lock = new ProcessLock();
        String name = lock.name();
        assertThat(Files.exists(SharedSegment.SHM_DIR.resolve(name))).isTrue();
        lock.close();
        assertThat(Files.exists(SharedSegment.SHM_DIR.resolve(name))).isFalse();
        lock.lock();
        lock.unlock();
        lock.close();
    }

    @Test
    void afterCloseANewProcessCannotAttachButThisOneStillResolvesItsCopies() {
        ProcessLock lock = new ProcessLock();
        KryoSerializer serializer = new KryoSerializer();
        byte[] ticket = serializer.serialize(lock);
        String name = lock.name();
        lock.close();
        // A process that never had the lock would map the name, which is gone:
        assertThatThrownBy(() -> SharedSegment.attach(name))
            .isInstanceOf(MultiprocessException.class).hasMessageContaining("No shared-memory segment named");
        // This process still has it, so a copy it receives is the same lock:
        assertThat(serializer.deserialize(ticket)).isSameAs(lock);
    }
}
