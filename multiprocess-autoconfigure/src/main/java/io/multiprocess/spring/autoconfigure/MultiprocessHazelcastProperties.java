package io.multiprocess.spring.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Hazelcast back end ({@code multiprocess.backend=hazelcast}), under
 * {@code multiprocess.hazelcast}. The member settings apply only to the member this library embeds when
 * the application has no {@code HazelcastInstance} (nor a Hazelcast {@code Config}) of its own.
 *
 * <pre>{@code
 * multiprocess:
 *   backend: hazelcast
 *   pool:
 *     processes: 32            # tasks on the cluster at a time; 0: data members x CPUs
 *     task-timeout: 2m
 *   hazelcast:
 *     cluster-name: pricing
 *     members: [10.0.0.11, 10.0.0.12]
 *     re-runs-on-member-loss: 1
 * }</pre>
 */
@ConfigurationProperties(prefix = "multiprocess.hazelcast")
public class MultiprocessHazelcastProperties {

    /**
     * The name of the cluster the embedded member joins; members with other names ignore it.
     */
    private String clusterName = "multiprocess";

    /**
     * The first port the embedded member tries to bind.
     */
    private int port = 5701;

    /**
     * How many ports from the first one the embedded member may try (it takes the first free one).
     */
    private int portCount = 20;

    /**
     * Addresses ("host" or "host:port") of the cluster's members, which the embedded member joins by
     * TCP-IP. Empty: a cluster of this machine's processes, bound to and joined on 127.0.0.1 only.
     */
    private List<String> members = new ArrayList<>();

    /**
     * How many times a task whose member left the cluster mid-task runs again on another member; 0 (the
     * default): it fails with WorkerLostException. Only for tasks that may safely run twice.
     */
    private int reRunsOnMemberLoss;

    /**
     * The Hazelcast executor service that runs the pool's tasks on the members (size its threads in the
     * members' configuration under this name).
     */
    private String executor = "multiprocess";

    /**
     * The name of the cluster the embedded member joins.
     *
     * @return the cluster name
     */
    public String getClusterName() {
        return clusterName;
    }

    /**
     * Sets the name of the cluster the embedded member joins.
     *
     * @param clusterName the cluster name
     */
    public void setClusterName(String clusterName) {
        this.clusterName = clusterName;
    }

    /**
     * The first port the embedded member tries.
     *
     * @return the port
     */
    public int getPort() {
        return port;
    }

    /**
     * Sets the first port the embedded member tries.
     *
     * @param port 1024 to 65535
     */
    public void setPort(int port) {
        this.port = port;
    }

    /**
     * How many ports the embedded member may try.
     *
     * @return the count
     */
    public int getPortCount() {
        return portCount;
    }

    /**
     * Sets how many ports the embedded member may try.
     *
     * @param portCount at least 1
     */
    public void setPortCount(int portCount) {
        this.portCount = portCount;
    }

    /**
     * The addresses of the members to join.
     *
     * @return the addresses; empty for a loopback cluster
     */
    public List<String> getMembers() {
        return members;
    }

    /**
     * Sets the addresses of the members to join.
     *
     * @param members "host" or "host:port" addresses
     */
    public void setMembers(List<String> members) {
        this.members = members;
    }

    /**
     * How many times a task whose member left runs again.
     *
     * @return the number of re-runs, 0 for none
     */
    public int getReRunsOnMemberLoss() {
        return reRunsOnMemberLoss;
    }

    /**
     * Sets how many times a task whose member left runs again.
     *
     * @param reRunsOnMemberLoss 0 or more
     */
    public void setReRunsOnMemberLoss(int reRunsOnMemberLoss) {
        this.reRunsOnMemberLoss = reRunsOnMemberLoss;
    }

    /**
     * The executor service's name.
     *
     * @return the name
     */
    public String getExecutor() {
        return executor;
    }

    /**
     * Sets the executor service's name.
     *
     * @param executor the name
     */
    public void setExecutor(String executor) {
        this.executor = executor;
    }
}
