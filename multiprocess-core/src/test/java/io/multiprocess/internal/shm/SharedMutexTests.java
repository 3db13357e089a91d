package io.multiprocess.internal.shm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedMutexTests {

    private final String name = SharedSegment.uniqueName("mp-test");
    private final SharedSegment segment = SharedSegment.create(name, 64);

    @AfterEach
    void release() {
        segment.close();
        SharedSegment.unlink(name);
    }

    @Test
    void lockAndUnlockRecordTheOwnerPid() throws Exception {
        SharedMutex mutex = new SharedMutex(segment, 0);
        assertThat(mutex.ownerPid()).isZero();
        assertThat(mutex.lock(1, TimeUnit.SECONDS)).isEqualTo(SharedMutex.Acquired.YES);
        assertThat(mutex.ownerPid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(mutex.tryLock()).isFalse();
        mutex.unlock();
        assertThat(mutex.ownerPid()).isZero();
        assertThatThrownBy(mutex::unlock)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("free");
    }

    @Test
    void aHeldLockTimesOut() throws Exception {
        SharedMutex mutex = new SharedMutex(segment, 4);
        mutex.lock(1, TimeUnit.SECONDS);
        AtomicReference<SharedMutex.Acquired> outcome = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                outcome.set(new SharedMutex(segment, 4).lock(30, TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        other.start();
        other.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(outcome.get()).isEqualTo(SharedMutex.Acquired.TIMED_OUT);
        mutex.unlock();
    }

    @Test
    void aWaiterCanBeInterrupted() throws Exception {
        SharedMutex mutex = new SharedMutex(segment, 8);
        mutex.lock(1, TimeUnit.SECONDS);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                mutex.lock(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                thrown.set(e);
            }
        });
        waiter.start();
        waiter.interrupt();
        waiter.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        mutex.unlock();
    }

    @Test
    void threadsContendingCountExactly() throws Exception {
        SharedMutex mutex = new SharedMutex(segment, 12);
        int threads = 4;
        int rounds = 20_000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int i = 0; i < rounds; i++) {
                    try {
                        mutex.lock(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    // A plain read-modify-write: only correct under mutual exclusion.
                    segment.buffer().putLong(16, segment.buffer().getLong(16) + 1);
                    mutex.unlock();
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join(TimeUnit.MINUTES.toMillis(2));
        }
        assertThat(segment.buffer().getLong(16)).isEqualTo((long) threads * rounds);
    }
}
