package io.multiprocess.hazelcast;

import java.util.OptionalLong;
import java.util.UUID;

/**
 * A member of the cluster as a {@link ClusterContext} sees it, with the tasks of the context's pools it
 * ran: for monitoring (the actuator endpoint shows these). A snapshot; the counts may have moved on.
 *
 * @param uuid           the member's id in the cluster
 * @param address        its address, {@code host:port}
 * @param pid            its process id when the member publishes it (members configured by
 *                       {@link MemberConfigs} do), else 0
 * @param local          whether it is this JVM's own member
 * @param lite           whether it is a lite member, which holds no data and is given no task
 * @param runningTasks   tasks of this context's pools it runs now
 * @param completedTasks tasks it ran and answered
 * @param lostTasks      tasks it was running when it left the cluster (counted for members seen before)
 * @param failedTasks    tasks it could not run (refused, unreadable)
 */
public record ClusterMember(
        UUID uuid,
        String address,
        long pid,
        boolean local,
        boolean lite,
        int runningTasks,
        long completedTasks,
        long lostTasks,
        long failedTasks) {

    /**
     * The member's process id.
     *
     * @return the pid, or empty when the member does not publish it
     */
    public OptionalLong processId() {
        return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    }
}
