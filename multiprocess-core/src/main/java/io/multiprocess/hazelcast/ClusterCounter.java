package io.multiprocess.hazelcast;

import com.hazelcast.map.IMap;
import java.io.Serial;
import java.io.Serializable;
import java.util.Objects;

/**
 * A number of the cluster: Python's manager {@code Value('q', 0)} ({@code value} is {@link #get()} and
 * {@link #set(long)}) with atomic arithmetic, as {@link java.util.concurrent.atomic.AtomicLong} has it.
 * Shared by every process of the cluster that uses the name; travels to tasks by name.
 *
 * <p>It is an entry of the cluster map {@value #MAP}, changed by compare-and-set: each operation is
 * atomic and survives the loss of a member (the map's backup), with the guarantees of a map entry (no
 * CP subsystem, which the open-source edition lacks). Under heavy contention an update may retry a few
 * times.
 */
public final class ClusterCounter implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The cluster map that holds the counters, one entry each. */
    public static final String MAP = "multiprocess-counters";

    private final transient ClusterContext context;
    private final transient String name;
    private final transient IMap<String, Long> map;

    ClusterCounter(ClusterContext context, String name) {
        this.context = context;
        this.name = Objects.requireNonNull(name, "name");
        this.map = context.instance().getMap(MAP);
    }

    /**
     * The counter's name in the cluster.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * The value. Python's {@code value}.
     *
     * @return the value, 0 if never set
     */
    public long get() {
        Long value = map.get(name);
        return value == null ? 0 : value;
    }

    /**
     * Sets the value. Python's {@code value = v}.
     *
     * @param value the new value
     */
    public void set(long value) {
        map.set(name, value);
    }

    /**
     * Adds {@code delta} atomically.
     *
     * @param delta what to add (negative to subtract)
     * @return the new value
     */
    public long addAndGet(long delta) {
        while (true) {
            Long current = map.get(name);
            if (current == null) {
                if (map.putIfAbsent(name, delta) == null) {
                    return delta;
                }
            } else if (map.replace(name, current, current + delta)) {
                return current + delta;
            }
        }
    }

    /**
     * Adds 1 atomically.
     *
     * @return the new value
     */
    public long incrementAndGet() {
        return addAndGet(1);
    }

    /**
     * Sets the value to {@code update} if it is {@code expected}, atomically.
     *
     * @param expected the value it must have
     * @param update   the new value
     * @return whether it was set
     */
    public boolean compareAndSet(long expected, long update) {
        if (expected == 0 && map.putIfAbsent(name, update) == null) {
            return true;
        }
        return map.replace(name, expected, update);
    }

    /** Removes the counter from the cluster; it is 0 again when next used. */
    public void destroy() {
        map.delete(name);
    }

    @Override
    public String toString() {
        return "ClusterCounter[" + name + "=" + get() + "]";
    }

    @Serial
    private Object writeReplace() {
        return new Ref(ClusterInstances.clusterName(context.instance()), name);
    }

    /** What travels of a counter: its cluster's name and its own. */
    private record Ref(String cluster, String name) implements Serializable {

        @Serial
        private static final long serialVersionUID = 1L;

        @Serial
        private Object readResolve() {
            return new ClusterCounter(
                    ClusterInstances.contextFor(cluster, "io.multiprocess.serialization.KryoSerializer"), name);
        }
    }
}
