package io.multiprocess.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.multiprocess.pool.Pool;
import io.multiprocess.serialization.KryoSerializer;
import io.multiprocess.serialization.Serializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The library's API on a Hazelcast cluster: what a {@link io.multiprocess.context.ProcessContext} gives
 * on one machine, with the cluster's members in the place of child processes. Code written against
 * {@link Pool}, {@link java.util.concurrent.BlockingQueue} and {@link java.util.concurrent.ConcurrentMap}
 * runs unchanged.
 *
 * <pre>{@code
 * ClusterContext cluster = ClusterContext.of(hazelcastInstance);      // a member or a client
 * try (Pool pool = cluster.pool(16)) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));  // runs on the members
 * }
 * BlockingQueue<Job> jobs = cluster.queue("jobs");                     // an IQueue
 * ConcurrentMap<String, Integer> scores = cluster.manager().dict("scores");   // an IMap
 * }</pre>
 *
 * <p><b>Members need the application's classes.</b> A task's function, its arguments and its result
 * travel serialized (with Kryo by default, as to the library's worker processes); a member can run it
 * only if its class path holds the classes involved and this library: start members from the same
 * application (or the same jars). A member that cannot read a task fails it with a
 * {@link io.multiprocess.SerializationException} saying so; nothing hangs.
 *
 * <p>Every object made here is made from the given instance, which must stay running while they are
 * used; shutting the instance down fails what is pending with {@link io.multiprocess.pool.PoolTerminatedException}
 * (pools) or Hazelcast's {@code HazelcastInstanceNotActiveException} (structures). The context itself
 * holds nothing to close. Thread-safe.
 */
public final class ClusterContext {

    /** The executor service the pools use unless told otherwise. */
    public static final String DEFAULT_EXECUTOR = "multiprocess";

    private final HazelcastInstance instance;
    private final Serializer serializer;
    private final MemberTallies tallies;

    private ClusterContext(HazelcastInstance instance, Serializer serializer, MemberTallies tallies) {
        this.instance = instance;
        this.serializer = serializer;
        this.tallies = tallies;
    }

    /**
     * A context on {@code instance}: a member (embedded in this JVM) or a client of a cluster.
     *
     * @param instance the Hazelcast instance
     * @return the context, serializing with Kryo
     */
    public static ClusterContext of(HazelcastInstance instance) {
        return new ClusterContext(
                Objects.requireNonNull(instance, "instance"), new KryoSerializer(), new MemberTallies());
    }

    /**
     * This context with another serializer for tasks, their results and the items of queues, dicts and
     * lists. The members read tasks with a serializer of the same class (created by its public no-argument
     * constructor); a queue or dict must be used with one serializer only.
     *
     * @param serializer the serializer
     * @return a new context sharing this one's counts of tasks per member
     */
    public ClusterContext withSerializer(Serializer serializer) {
        return new ClusterContext(instance, Objects.requireNonNull(serializer, "serializer"), tallies);
    }

    /**
     * The Hazelcast instance this context works through.
     *
     * @return the instance
     */
    public HazelcastInstance instance() {
        return instance;
    }

    /**
     * The serializer of tasks and items.
     *
     * @return the serializer
     */
    public Serializer serializer() {
        return serializer;
    }

    // ------------------------------------------------------------------------------------------ pool

    /**
     * A pool whose tasks run on the cluster's data members, {@link ClusterPoolBuilder#processes(int) as many
     * at a time} as the members have processors (the data members now, times this machine's processor
     * count). Python's {@code Pool()}.
     *
     * @return the running pool
     */
    public Pool pool() {
        return poolBuilder().build();
    }

    /**
     * A pool that runs at most {@code processes} tasks at a time on the cluster's data members. Python's
     * {@code Pool(processes)}.
     *
     * @param processes at least 1
     * @return the running pool
     * @throws IllegalArgumentException if below 1
     */
    public Pool pool(int processes) {
        return poolBuilder().processes(processes).build();
    }

    /**
     * A builder for a pool with a task timeout, re-runs after a member loss, or another executor.
     *
     * @return the builder
     */
    public ClusterPoolBuilder poolBuilder() {
        return new ClusterPoolBuilder(this);
    }

    MemberTallies tallies() {
        return tallies;
    }

    // ------------------------------------------------------------------------------------------ queues and managers

    /**
     * A new queue of the cluster with a name of its own (a random UUID); pass it to tasks (it travels by
     * name) or share its {@link ClusterQueue#name() name}. Python's {@code Queue()}.
     *
     * @param <E> the item type
     * @return the queue
     */
    public <E> ClusterQueue<E> queue() {
        return queue("multiprocess-queue-" + UUID.randomUUID());
    }

    /**
     * The cluster's queue of this name: every process of the cluster that asks for the same name shares it.
     *
     * @param name the queue's name
     * @param <E>  the item type
     * @return the queue, unbounded unless the cluster's configuration bounds it
     */
    public <E> ClusterQueue<E> queue(String name) {
        return new ClusterQueue<>(this, name, 0);
    }

    /**
     * The cluster's queue of this name, bounded to {@code maxsize} items. Python's {@code Queue(maxsize)}.
     * The bound is added to the cluster's configuration (Hazelcast's dynamic configuration) before the
     * queue is first used; it must be the same wherever the name is used.
     *
     * @param name    the queue's name
     * @param maxsize the most items it holds, at least 1 (0: unbounded)
     * @param <E>     the item type
     * @return the queue
     * @throws IllegalArgumentException if {@code maxsize} is negative
     * @throws com.hazelcast.config.InvalidConfigurationException if the cluster has another bound for the name
     */
    public <E> ClusterQueue<E> queue(String name, int maxsize) {
        return new ClusterQueue<>(this, name, maxsize);
    }

    /**
     * The manager of the cluster's shared dicts, lists, counters and locks. Python's {@code Manager()};
     * here the cluster serves the objects, so there is no server process to start or shut down.
     *
     * @return the manager
     */
    public ClusterManager manager() {
        return new ClusterManager(this);
    }

    // ------------------------------------------------------------------------------------------ monitoring

    /**
     * The cluster's members now, with the tasks of this context's pools each one runs and ran.
     *
     * @return the members, in the cluster's order (the oldest first)
     */
    public List<ClusterMember> members() {
        List<ClusterMember> members = new ArrayList<>();
        for (Member member : instance.getCluster().getMembers()) {
            MemberTallies.Tally tally = tallies.peek(member.getUuid());
            members.add(new ClusterMember(
                    member.getUuid(),
                    member.getAddress().getHost() + ":" + member.getAddress().getPort(),
                    MemberTallies.pid(member),
                    member.localMember(),
                    member.isLiteMember(),
                    tally == null ? 0 : tally.running.get(),
                    tally == null ? 0 : tally.completed.get(),
                    tally == null ? 0 : tally.lost.get(),
                    tally == null ? 0 : tally.failed.get()));
        }
        return members;
    }

    @Override
    public String toString() {
        return "ClusterContext[" + instance.getConfig().getClusterName() + ", " + instance.getName() + "]";
    }
}
