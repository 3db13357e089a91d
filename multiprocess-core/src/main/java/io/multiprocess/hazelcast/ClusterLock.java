package io.multiprocess.hazelcast;

import com.hazelcast.map.IMap;
import io.multiprocess.InterruptedOperationException;
import io.multiprocess.synchronize.LockNotHeldException;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import org.jspecify.annotations.Nullable;

/**
 * A lock of the cluster: Python's manager {@code RLock()}, a JDK {@link Lock} plus Python's
 * {@code acquire}/{@code release}, shared by every process of the cluster that uses the same name;
 * travels to tasks by name. Re-entrant, and owned by the thread that acquired it (in its member or
 * client).
 *
 * <p><b>What it guarantees.</b> It is a key lock of the cluster map {@value #MAP} (Hazelcast's
 * open-source edition; its CP subsystem's {@code FencedLock} needs an Enterprise license since 5.5). The
 * lock's state lives in the partition of its name, with the map's backup on another member. While the
 * cluster is whole, one thread at a time holds it. When the member or client of the holder leaves the
 * cluster (killed, crashed, shut down), the cluster releases the lock, so others go on. What it does
 * not guarantee: during a network split each side may grant it, and losing the partition's owner and
 * its backup at once loses the acquisition; there is no fencing token. Use it to avoid duplicate work,
 * not where two holders at once would corrupt data (there, use the library's own locks between the
 * processes of one machine, or Hazelcast's Enterprise CP subsystem). {@link #newCondition()} is not
 * supported.
 */
public final class ClusterLock implements Lock, Serializable {

    /** The cluster map whose key locks the cluster locks are (no entries are stored in it). */
    public static final String MAP = "multiprocess-locks";

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient ClusterContext context;
    private final transient String name;
    private final transient IMap<String, Boolean> map;

    ClusterLock(ClusterContext context, String name) {
        this.context = context;
        this.name = Objects.requireNonNull(name, "name");
        this.map = context.instance().getMap(MAP);
    }

    /**
     * The lock's name in the cluster.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /** Acquires the lock, waiting as long as it takes (not interruptibly, as {@link Lock#lock()} allows). */
    @Override
    public void lock() {
        map.lock(name);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        while (!map.tryLock(name, 1, TimeUnit.DAYS)) {
            if (Thread.interrupted()) {
                throw new InterruptedException("Interrupted while waiting for cluster lock '" + name + "'");
            }
        }
    }

    @Override
    public boolean tryLock() {
        return map.tryLock(name);
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return map.tryLock(name, Math.max(0, time), unit);
    }

    /**
     * Releases the lock.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it
     */
    @Override
    public void unlock() {
        map.unlock(name);
    }

    /**
     * Not supported: a cluster lock has no condition.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("A cluster lock has no condition; use a ClusterQueue to wait for work");
    }

    /**
     * Python's {@code acquire(blocking=True, timeout=-1)}: acquires, waiting as long as it takes if
     * {@code blocking}, not at all otherwise, or at most {@code timeout}.
     *
     * @param blocking whether to wait
     * @param timeout  how long to wait when blocking; null for ever
     * @return whether the lock was acquired
     * @throws InterruptedOperationException if interrupted while waiting
     */
    public boolean acquire(boolean blocking, @Nullable Duration timeout) {
        if (!blocking) {
            return tryLock();
        }
        if (timeout == null) {
            lock();
            return true;
        }
        try {
            return tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedOperationException("cluster lock '" + name + "'", e);
        }
    }

    /**
     * Python's {@code release()}.
     *
     * @throws LockNotHeldException if the calling thread does not hold the lock
     */
    public void release() {
        try {
            unlock();
        } catch (IllegalMonitorStateException e) {
            throw new LockNotHeldException(
                    "Cluster lock '" + name + "' is not held by this thread (" + e.getMessage() + ")");
        }
    }

    /**
     * Whether some thread of the cluster holds the lock now.
     *
     * @return true if held
     */
    public boolean isLocked() {
        return map.isLocked(name);
    }

    @Override
    public String toString() {
        return "ClusterLock[" + name + "]";
    }

    @Serial
    private Object writeReplace() {
        return new Ref(ClusterInstances.clusterName(context.instance()), name);
    }

    /** What travels of a lock: its cluster's name and its own. */
    private record Ref(String cluster, String name) implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            return new ClusterLock(
                    ClusterInstances.contextFor(cluster, "io.multiprocess.serialization.KryoSerializer"), name);
        }
    }
}
