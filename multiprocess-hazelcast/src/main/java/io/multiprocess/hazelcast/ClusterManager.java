package io.multiprocess.hazelcast;

import java.util.UUID;
import java.util.concurrent.locks.Lock;

/**
 * The cluster's shared objects, as Python's {@code Manager()} serves them: dicts, lists, counters and
 * locks, each named, shared by every process of the cluster that uses the name, and passable to tasks
 * (they travel by name). The cluster serves them: there is no server process to start, and nothing to
 * shut down; {@code destroy()} on an object removes its data.
 *
 * <h2>Locks, and what the open-source edition guarantees</h2>
 * {@link #lock(String)} is Hazelcast's {@code FencedLock}. The open-source edition runs it without the
 * CP subsystem (Raft consensus is an Enterprise feature since 5.5), in what Hazelcast calls unsafe mode:
 * the lock's state lives in one partition with its backups, like a map entry. It excludes other holders
 * while the cluster is healthy, but a member crash or a network split can lose or duplicate an
 * acquisition. Use it to avoid duplicate work, not where two holders at once would corrupt data; for
 * that, use the library's own locks between the processes of one machine, or the CP subsystem of
 * Hazelcast's Enterprise edition. (The alternative, locks served by one process of the library's
 * managers, would trade that weakness for a single point of failure in a library whose point here is
 * to scale out; so this module uses the cluster's lock and says plainly what it guarantees.)
 */
public final class ClusterManager {

    private final ClusterContext context;

    ClusterManager(ClusterContext context) {
        this.context = context;
    }

    /**
     * A new dict with a name of its own (a random UUID). Python's {@code manager.dict()}.
     *
     * @param <K> the key type
     * @param <V> the value type
     * @return the dict
     */
    public <K, V> ClusterDict<K, V> dict() {
        return dict("multiprocess-dict-" + UUID.randomUUID());
    }

    /**
     * The cluster's dict of this name, an IMap.
     *
     * @param name the name
     * @param <K>  the key type
     * @param <V>  the value type
     * @return the dict
     */
    public <K, V> ClusterDict<K, V> dict(String name) {
        return new ClusterDict<>(context, name);
    }

    /**
     * A new list with a name of its own. Python's {@code manager.list()}.
     *
     * @param <E> the element type
     * @return the list
     */
    public <E> ClusterList<E> list() {
        return list("multiprocess-list-" + UUID.randomUUID());
    }

    /**
     * The cluster's list of this name, an IList.
     *
     * @param name the name
     * @param <E>  the element type
     * @return the list
     */
    public <E> ClusterList<E> list(String name) {
        return new ClusterList<>(context, name);
    }

    /**
     * The cluster's counter of this name: Python's {@code manager.Value('q', 0)} with atomic arithmetic.
     *
     * @param name the name
     * @return the counter, 0 when first used
     */
    public ClusterCounter counter(String name) {
        return new ClusterCounter(context, name);
    }

    /**
     * The cluster's queue of this name. Python's {@code manager.Queue()}; the same as
     * {@link ClusterContext#queue(String)}.
     *
     * @param name the name
     * @param <E>  the item type
     * @return the queue
     */
    public <E> ClusterQueue<E> queue(String name) {
        return context.queue(name);
    }

    /**
     * The cluster's lock of this name, Hazelcast's {@code FencedLock}: re-entrant, owned by the calling
     * thread. Read the class description for what the open-source edition guarantees. Python's
     * {@code manager.RLock()}.
     *
     * @param name the name
     * @return the lock
     */
    public Lock lock(String name) {
        return context.instance().getCPSubsystem().getLock(name);
    }
}
