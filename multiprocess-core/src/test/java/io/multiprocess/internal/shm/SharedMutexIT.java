package io.multiprocess.internal.shm;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.testing.ChildFiles;
import io.multiprocess.testing.NoLeftoversExtension;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The shared mutex between real processes, including one killed while it holds the lock. */
@ExtendWith(NoLeftoversExtension.class)
class SharedMutexIT {

    private final String name = SharedSegment.uniqueName("mp-test");
    private final SharedSegment segment = SharedSegment.create(name, 64);

    @TempDir
    Path dir;

    @AfterEach
    void release() {
        segment.close();
        SharedSegment.unlink(name);
    }

    private static void incrementUnderLock(String segmentName, int rounds) {
        try (SharedSegment shared = SharedSegment.attach(segmentName)) {
            SharedMutex mutex = new SharedMutex(shared, 0);
            for (int i = 0; i < rounds; i++) {
                mutex.lock(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
                shared.buffer().putLong(8, shared.buffer().getLong(8) + 1);
                mutex.unlock();
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void processesContendingCountExactly() {
        String segmentName = name;
        int rounds = 50_000;
        ChildProcess first = Multiprocess.process(() -> incrementUnderLock(segmentName, rounds));
        ChildProcess second = Multiprocess.process(() -> incrementUnderLock(segmentName, rounds));
        first.start();
        second.start();
        incrementUnderLock(segmentName, rounds);
        assertThat(first.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(second.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(first.exitCode()).hasValue(0);
        assertThat(second.exitCode()).hasValue(0);
        assertThat(segment.buffer().getLong(8)).isEqualTo(3L * rounds);
    }

    @Test
    void aLockWhoseOwnerWasKilledIsTakenOverAndTheTakeOverIsReported() throws Exception {
        String segmentName = name;
        Path locked = dir.resolve("locked");
        ChildProcess holder = Multiprocess.process(() -> {
            SharedSegment shared = SharedSegment.attach(segmentName);
            try {
                new SharedMutex(shared, 0).lock(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return;
            }
            ChildFiles.touch(locked);
            ChildFiles.sleepForever();
        });
        holder.start();
        ChildFiles.await(locked);
        SharedMutex mutex = new SharedMutex(segment, 0);
        assertThat(mutex.ownerPid()).isEqualTo(holder.pid().getAsLong());
        assertThat(mutex.lock(20, TimeUnit.MILLISECONDS)).isEqualTo(SharedMutex.Acquired.TIMED_OUT);

        holder.kill();
        assertThat(holder.join(ChildFiles.TIMEOUT)).isTrue();
        assertThat(mutex.lock(30, TimeUnit.SECONDS)).isEqualTo(SharedMutex.Acquired.OWNER_DIED);
        assertThat(mutex.ownerPid()).isEqualTo(ProcessHandle.current().pid());
        mutex.unlock();
        assertThat(mutex.lock(1, TimeUnit.SECONDS)).isEqualTo(SharedMutex.Acquired.YES);
        mutex.unlock();
    }
}
