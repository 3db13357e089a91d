package io.multiprocess.spring.actuate;

import io.multiprocess.hazelcast.ClusterContext;
import io.multiprocess.hazelcast.ClusterMember;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code clustermembers} endpoint of the Hazelcast back end ({@code multiprocess.backend=hazelcast}):
 * the cluster's members now, each with its address, pid (when it publishes it), whether it is this
 * application's own member, and where the tasks of this application's cluster pools ran: how many each
 * member runs now, completed, lost (it left the cluster mid-task) and could not run. Counts are this
 * application's since it started; members that left are not listed.
 */
@Endpoint(id = "clustermembers")
public class ClusterMembersEndpoint {

    private final ClusterContext cluster;

    /**
     * An endpoint reading {@code cluster}.
     *
     * @param cluster the cluster context whose pools' tasks are counted
     */
    public ClusterMembersEndpoint(ClusterContext cluster) {
        this.cluster = cluster;
    }

    /**
     * The members now.
     *
     * @return the cluster's name and its members, the oldest first; a Hazelcast instance that is shut down
     *         yields Hazelcast's {@code HazelcastInstanceNotActiveException} (the actuator reports an error)
     */
    @ReadOperation
    public ClusterMembersDescriptor members() {
        List<MemberDescriptor> members =
                cluster.members().stream().map(MemberDescriptor::of).toList();
        return new ClusterMembersDescriptor(cluster.instance().getConfig().getClusterName(), members);
    }

    /**
     * What the endpoint returns.
     *
     * @param clusterName the cluster's name
     * @param members     its members, the oldest first
     */
    public record ClusterMembersDescriptor(String clusterName, List<MemberDescriptor> members)
            implements OperationResponseBody {}

    /**
     * One member.
     *
     * @param uuid           its id in the cluster
     * @param address        {@code host:port}
     * @param pid            its process id, or null when it does not publish it
     * @param local          whether it is this application's own member
     * @param lite           whether it is a lite member (it holds no data and gets no task)
     * @param runningTasks   tasks of this application's pools it runs now
     * @param completedTasks tasks it ran and answered
     * @param lostTasks      tasks it was running when it left the cluster
     * @param failedTasks    tasks it could not run
     */
    public record MemberDescriptor(
            String uuid,
            String address,
            @Nullable Long pid,
            boolean local,
            boolean lite,
            int runningTasks,
            long completedTasks,
            long lostTasks,
            long failedTasks) {

        static MemberDescriptor of(ClusterMember member) {
            return new MemberDescriptor(
                    member.uuid().toString(),
                    member.address(),
                    member.pid() > 0 ? member.pid() : null,
                    member.local(),
                    member.lite(),
                    member.runningTasks(),
                    member.completedTasks(),
                    member.lostTasks(),
                    member.failedTasks());
        }
    }
}
