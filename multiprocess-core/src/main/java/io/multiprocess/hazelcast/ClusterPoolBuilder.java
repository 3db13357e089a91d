package io.multiprocess.hazelcast;

import com.hazelcast.cluster.Member;
import io.multiprocess.Multiprocess;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolListener;
import io.multiprocess.pool.RemotePool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The settings of a cluster pool: Python's {@code Pool(processes)} plus a task timeout, re-runs after a
 * member loss and the executor service to use. Obtain one from {@link ClusterContext#poolBuilder()}.
 *
 * <pre>{@code
 * Pool pool = cluster.poolBuilder()
 *     .processes(32)                          // tasks on the cluster at a time
 *     .taskTimeout(Duration.ofMinutes(1))     // fail (and interrupt) a task that runs longer
 *     .reRunOnMemberLoss(2)                   // a task whose member died runs again elsewhere
 *     .build();
 * }</pre>
 *
 * <p><b>A member that dies mid-task.</b> By default the task fails with
 * {@link io.multiprocess.pool.WorkerLostException}, as a task whose worker process died does in a local pool:
 * at most once, because a task may have had effects before its member died. A pool built with
 * {@link #reRunOnMemberLoss(int)} runs such a task again on another member instead (at least once: for
 * tasks that may run twice). Either way the outcome comes within seconds of the member's death (when
 * the cluster removes the member: its failure detector's timeout), never a hang.
 *
 * <p>Not thread-safe; each {@link #build()} makes a new pool.
 */
public final class ClusterPoolBuilder {

    private final ClusterContext context;
    private int processes;
    private @Nullable Duration taskTimeout;
    private int reRuns;
    private String executorName = ClusterContext.DEFAULT_EXECUTOR;
    private final List<PoolListener> listeners = new ArrayList<>();

    ClusterPoolBuilder(ClusterContext context) {
        this.context = context;
    }

    /**
     * How many tasks the pool runs on the cluster at a time; the others wait in this JVM. The default
     * chunk size of {@code map} is computed from it, as Python does from the number of processes. Unset
     * (or 0): the number of data members when the pool is built times this machine's processor count.
     * Each member runs its share on the threads of its Hazelcast executor service (16 by default: raise
     * its pool size in the members' configuration for more per member).
     *
     * @param processes at least 1, or 0 for the default
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public ClusterPoolBuilder processes(int processes) {
        if (processes < 0) {
            throw new IllegalArgumentException("processes must be at least 1 (or 0 for the default), not " + processes);
        }
        this.processes = processes;
        return this;
    }

    /**
     * The longest a task may take, counted from when the pool sends it to a member; for a chunk of
     * {@code map}/{@code imap}, this times the number of items in the chunk. A task that takes longer
     * fails with {@link io.multiprocess.pool.TaskTimeoutException} and the thread running it on its member is
     * interrupted (a member is never killed for it; a task that ignores interruption runs on there).
     * Unset: no limit.
     *
     * @param taskTimeout a positive duration, or null for no limit
     * @return this builder
     * @throws IllegalArgumentException if zero or negative
     */
    public ClusterPoolBuilder taskTimeout(@Nullable Duration taskTimeout) {
        if (taskTimeout != null && (taskTimeout.isZero() || taskTimeout.isNegative())) {
            throw new IllegalArgumentException("taskTimeout must be positive, not " + taskTimeout);
        }
        this.taskTimeout = taskTimeout;
        return this;
    }

    /**
     * Runs a task again on another member when the member running it leaves the cluster, up to
     * {@code times} times; after that (and by default, 0) the task fails with
     * {@link io.multiprocess.pool.WorkerLostException}. Only for tasks that may safely run more than once.
     *
     * @param times how many re-runs a task may have, at least 0
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public ClusterPoolBuilder reRunOnMemberLoss(int times) {
        if (times < 0) {
            throw new IllegalArgumentException("times must be 0 or more, not " + times);
        }
        this.reRuns = times;
        return this;
    }

    /**
     * The Hazelcast executor service that runs the tasks on the members (configure its threads in the
     * members' configuration under this name). Default {@value ClusterContext#DEFAULT_EXECUTOR}.
     *
     * @param executorName the name
     * @return this builder
     */
    public ClusterPoolBuilder executor(String executorName) {
        this.executorName = Objects.requireNonNull(executorName, "executorName");
        return this;
    }

    /**
     * Adds a listener told about the pool's tasks, for metrics (see {@link PoolListener}); several may be
     * added, each is told in turn. The members are not the pool's processes: the listener hears of no
     * worker starting or ending. Unset: nobody.
     *
     * @param listener the listener
     * @return this builder
     */
    public ClusterPoolBuilder listener(PoolListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Creates the pool. Nothing is started on the members until the first task.
     *
     * @return the running pool, a {@link RemotePool}
     */
    public Pool build() {
        int effective = processes;
        if (effective == 0) {
            int dataMembers = 0;
            for (Member member : context.instance().getCluster().getMembers()) {
                if (!member.isLiteMember()) {
                    dataMembers++;
                }
            }
            effective = Math.max(1, dataMembers) * Multiprocess.cpuCount();
        }
        ClusterTaskRunner runner = new ClusterTaskRunner(
                context.instance(),
                executorName,
                context.serializer().getClass().getName(),
                reRuns,
                context.tallies());
        RemotePool.Builder builder = RemotePool.builder(runner)
                .processes(effective)
                .serializer(context.serializer())
                .taskTimeout(taskTimeout);
        listeners.forEach(builder::listener);
        return builder.build();
    }
}
