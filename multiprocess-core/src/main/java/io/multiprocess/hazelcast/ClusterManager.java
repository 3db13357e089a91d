package io.multiprocess.hazelcast;

import java.util.UUID;

/**
 * The cluster's shared objects, as Python's {@code Manager()} serves them: dicts, lists, counters and
 * locks, each named, shared by every process of the cluster that uses the name, and passable to tasks
 * (they travel by name). The cluster serves them: there is no server process to start, and nothing to
 * shut down; {@code destroy()} on an object removes its data.
 *
 * <h2>Locks, and what the open-source edition guarantees</h2>
 * Hazelcast's consistent locks ({@code FencedLock}, in the CP subsystem) need an Enterprise license since
 * 5.5, and this package uses the open-source edition only. {@link #lock(String)} is therefore a key lock of
 * a cluster map ({@link ClusterLock}): one holder at a time while the cluster is whole, released by the
 * cluster when the holder's member or client leaves, but a network split or the loss of a partition's
 * owner and backup together can grant it twice; read {@link ClusterLock} before relying on it for
 * correctness. The alternative the issue offered, locks served by the library's own manager process,
 * was not taken: it turns a scale-out cluster back into one server that all locks depend on (and whose
 * death loses every lock), for a guarantee that is still not consensus. Semaphores are not offered: a
 * map-based one could not release the permits of a dead holder, which is the usual way they break.
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
     * The cluster's lock of this name: re-entrant, owned by the calling thread, released by the cluster
     * when its holder's member or client leaves. Read the class description for what it does not
     * guarantee. Python's {@code manager.RLock()}.
     *
     * @param name the name
     * @return the lock
     */
    public ClusterLock lock(String name) {
        return new ClusterLock(context, name);
    }
}
