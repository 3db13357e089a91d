package io.multiprocess.synchronize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.testing.NoLeftoversExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Conditions, events, barriers and semaphores within one JVM. */
@ExtendWith(NoLeftoversExtension.class)
class ConditionEventBarrierTests {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Test
    void aConditionNeedsItsLock() {
        ProcessCondition condition = new ProcessCondition();
        try {
            assertThatThrownBy(condition::signal)
                    .isInstanceOf(LockNotHeldException.class)
                    .hasMessageContaining("notify");
            assertThatThrownBy(() -> condition.await(Duration.ofMillis(1))).isInstanceOf(LockNotHeldException.class);
            assertThatThrownBy(() -> condition.waitFor(() -> true)).isInstanceOf(LockNotHeldException.class);
            assertThat(condition.getLock()).isInstanceOf(ReentrantProcessLock.class);
        } finally {
            condition.unlink();
        }
    }

    @Test
    void aWaitTimesOutHoldingTheLockAgainWithEveryHoldRestored() throws Exception {
        ReentrantProcessLock lock = new ReentrantProcessLock();
        ProcessCondition condition = new ProcessCondition(lock);
        try {
            lock.lock();
            lock.lock();
            assertThat(condition.await(Duration.ofMillis(20))).isFalse();
            assertThat(lock.holdCount()).isEqualTo(2);
            assertThat(condition.waitFor(() -> false, Duration.ofMillis(20))).isFalse();
            assertThat(condition.awaitNanos(1_000_000)).isLessThanOrEqualTo(0);
            lock.unlock();
            lock.unlock();
        } finally {
            condition.unlink();
            lock.unlink();
        }
    }

    @Test
    void signalNWakesExactlyNWaiters() throws Exception {
        ProcessCondition condition = new ProcessCondition(new ProcessLock());
        try {
            AbstractProcessLock lock = condition.getLock();
            AtomicInteger woken = new AtomicInteger();
            List<Thread> waiters = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Thread waiter = new Thread(() -> {
                    lock.lock();
                    try {
                        if (condition.await(Duration.ofSeconds(30))) {
                            woken.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        return;
                    } finally {
                        lock.unlock();
                    }
                });
                waiters.add(waiter);
                waiter.start();
            }
            Awaitility.await().atMost(LIMIT).until(() -> condition.waitingCount() == 5);
            lock.lock();
            condition.signal(2);
            lock.unlock();
            Awaitility.await().atMost(LIMIT).until(() -> woken.get() == 2);
            assertThat(condition.waitingCount()).isEqualTo(3);
            lock.lock();
            condition.signalAll();
            lock.unlock();
            for (Thread waiter : waiters) {
                waiter.join(30_000);
            }
            assertThat(woken.get()).isEqualTo(5);
            lock.unlink();
        } finally {
            condition.unlink();
        }
    }

    @Test
    void aConditionTravelsWithTheLockItWasGiven() {
        ProcessLock lock = new ProcessLock();
        ProcessCondition condition = new ProcessCondition(lock);
        try {
            ProcessCondition copy =
                    (ProcessCondition) new KryoSerializer().deserialize(new KryoSerializer().serialize(condition));
            assertThat(copy).isSameAs(condition);
            assertThat(copy.getLock()).isSameAs(lock);
        } finally {
            condition.unlink();
            lock.unlink();
        }
    }

    @Test
    void waitForReturnsOnceThePredicateHolds() throws Exception {
        ProcessCondition condition = new ProcessCondition();
        try {
            boolean[] ready = {false};
            Thread setter = new Thread(() -> {
                condition.getLock().lock();
                ready[0] = true;
                condition.signalAll();
                condition.getLock().unlock();
            });
            condition.getLock().lock();
            setter.start();
            assertThat(condition.waitFor(() -> ready[0], LIMIT)).isTrue();
            condition.getLock().unlock();
            setter.join(30_000);
        } finally {
            condition.unlink();
        }
    }

    @Test
    void anEventWakesEveryWaiterAndTimesOutWhenClear() throws Exception {
        ProcessEvent event = new ProcessEvent();
        try {
            assertThat(event.isSet()).isFalse();
            assertThat(event.await(Duration.ofMillis(20))).isFalse();
            AtomicInteger woken = new AtomicInteger();
            List<Thread> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Thread waiter = new Thread(() -> {
                    if (event.await(LIMIT)) {
                        woken.incrementAndGet();
                    }
                });
                waiters.add(waiter);
                waiter.start();
            }
            event.set();
            for (Thread waiter : waiters) {
                waiter.join(30_000);
            }
            assertThat(woken.get()).isEqualTo(3);
            assertThat(event.await()).isTrue();
            event.clear();
            assertThat(event.isSet()).isFalse();
            assertThat(new KryoSerializer().deserialize(new KryoSerializer().serialize(event)))
                    .isSameAs(event);
        } finally {
            event.unlink();
        }
    }

    @Test
    void aBarrierReturnsEveryIndexOnceAndRunsItsActionOncePerTrip() throws Exception {
        AtomicInteger actions = new AtomicInteger();
        ProcessBarrier barrier = new ProcessBarrier(3, actions::incrementAndGet, LIMIT);
        try {
            for (int round = 0; round < 2; round++) {
                Set<Integer> indexes = ConcurrentHashMap.newKeySet();
                List<Thread> parties = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Thread party = new Thread(() -> indexes.add(barrier.await()));
                    parties.add(party);
                    party.start();
                }
                for (Thread party : parties) {
                    party.join(30_000);
                }
                assertThat(indexes).containsExactlyInAnyOrder(0, 1, 2);
            }
            assertThat(actions.get()).isEqualTo(2);
            assertThat(barrier.parties()).isEqualTo(3);
            assertThat(barrier.nWaiting()).isZero();
        } finally {
            barrier.unlink();
        }
    }

    @Test
    void aTimeoutBreaksTheBarrierUntilReset() throws Exception {
        ProcessBarrier barrier = new ProcessBarrier(2);
        try {
            assertThatThrownBy(() -> barrier.await(Duration.ofMillis(20)))
                    .isInstanceOf(BarrierBrokenException.class)
                    .hasMessageContaining("Timed out");
            assertThat(barrier.isBroken()).isTrue();
            assertThatThrownBy(barrier::await).isInstanceOf(BarrierBrokenException.class);
            barrier.reset();
            assertThat(barrier.isBroken()).isFalse();
            Thread other = new Thread(() -> barrier.await(LIMIT));
            other.start();
            assertThat(barrier.await(LIMIT)).isBetween(0, 1);
            other.join(30_000);
        } finally {
            barrier.unlink();
        }
    }

    @Test
    void abortBreaksTheWaitersAndAFailingActionBreaksTheOthers() throws Exception {
        ProcessBarrier barrier = new ProcessBarrier(2);
        try {
            List<Throwable> thrown = new ArrayList<>();
            Thread waiter = new Thread(() -> {
                try {
                    barrier.await(LIMIT);
                } catch (Throwable t) {
                    synchronized (thrown) {
                        thrown.add(t);
                    }
                }
            });
            waiter.start();
            Awaitility.await().atMost(LIMIT).until(() -> barrier.nWaiting() == 1);
            barrier.abort();
            waiter.join(30_000);
            assertThat(thrown).singleElement().isInstanceOf(BarrierBrokenException.class);
        } finally {
            barrier.unlink();
        }
        ProcessBarrier failing = new ProcessBarrier(
                2,
                () -> {
                    throw new IllegalStateException("action failed");
                },
                LIMIT);
        try {
            List<Throwable> other = new ArrayList<>();
            Thread waiter = new Thread(() -> {
                try {
                    failing.await();
                } catch (Throwable t) {
                    other.add(t);
                }
            });
            waiter.start();
            Awaitility.await().atMost(LIMIT).until(() -> failing.nWaiting() == 1);
            assertThatThrownBy(failing::await)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("action failed");
            waiter.join(30_000);
            assertThat(other).singleElement().isInstanceOf(BarrierBrokenException.class);
            assertThat(failing.isBroken()).isTrue();
        } finally {
            failing.unlink();
        }
    }

    @Test
    void semaphoresCountAndABoundedOneRefusesOverRelease() throws Exception {
        ProcessSemaphore semaphore = new ProcessSemaphore(2);
        BoundedProcessSemaphore bounded = new BoundedProcessSemaphore(1);
        try {
            assertThat(semaphore.acquire()).isTrue();
            assertThat(semaphore.acquire(false)).isTrue();
            assertThat(semaphore.acquire(Duration.ofMillis(20))).isFalse();
            assertThat(semaphore.value()).isZero();
            Thread releaser = new Thread(semaphore::release);
            releaser.start();
            assertThat(semaphore.acquire(LIMIT)).isTrue();
            releaser.join(30_000);
            semaphore.release();
            semaphore.release();
            semaphore.release();
            assertThat(semaphore.value()).isEqualTo(3);

            assertThatThrownBy(bounded::release)
                    .isInstanceOf(OverReleaseException.class)
                    .hasMessageContaining("initial value 1");
            assertThat(bounded.acquire()).isTrue();
            bounded.release();
            assertThat(bounded.value()).isEqualTo(1);
            assertThat(bounded.bound()).isEqualTo(1);
            assertThat(new KryoSerializer().deserialize(new KryoSerializer().serialize(bounded)))
                    .isSameAs(bounded);
            assertThatThrownBy(() -> new ProcessSemaphore(-1)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            bounded.unlink();
            semaphore.unlink();
        }
    }

    @Test
    void semaphoreWaitersAreWokenOnePerRelease() throws Exception {
        ProcessSemaphore semaphore = new ProcessSemaphore(0);
        try {
            AtomicInteger acquired = new AtomicInteger();
            List<Thread> waiters = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread waiter = new Thread(() -> {
                    if (semaphore.acquire(LIMIT)) {
                        acquired.incrementAndGet();
                    }
                });
                waiters.add(waiter);
                waiter.start();
            }
            for (int i = 0; i < 4; i++) {
                semaphore.release();
            }
            for (Thread waiter : waiters) {
                waiter.join(TimeUnit.SECONDS.toMillis(30));
            }
            assertThat(acquired.get()).isEqualTo(4);
            assertThat(semaphore.value()).isZero();
        } finally {
            semaphore.unlink();
        }
    }
}
