package io.multiprocess.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.util.Objects;

/**
 * Configurations of Hazelcast members for this library: a cluster of members on one machine, on the
 * loopback interface only, that find each other by TCP-IP at explicit addresses (no multicast, no
 * auto-detection, no phone-home). For tests, benchmarks, and for scaling out across the processes of
 * one machine; a real cluster has its own configuration (which needs nothing from this library but its
 * jar on every member's class path: the task serializer registers itself through Hazelcast's serializer
 * hooks).
 *
 * <pre>{@code
 * Config config = MemberConfigs.loopback("orders-cluster", 5900, 3);   // members on 127.0.0.1:5900-5902
 * HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
 * }</pre>
 */
public final class MemberConfigs {

    /**
     * The member attribute that carries a member's pid (this library's members set it), so that a lost
     * task names the process that died.
     */
    public static final String PID_ATTRIBUTE = "multiprocess.pid";

    private MemberConfigs() {}

    /**
     * A member of a loopback cluster: it binds the first free port of {@code basePort} to
     * {@code basePort + ports - 1} on 127.0.0.1 and joins the members at those ports. Failure detection is
     * tightened for a machine (a member that stops answering heartbeats for 5 s is removed, rather than
     * Hazelcast's default of 60 s), so that a killed member's tasks are reported within seconds; phone-home
     * and the shutdown hook are off, and the member carries its pid as the attribute {@value #PID_ATTRIBUTE}.
     *
     * @param clusterName the cluster's name: members with other names ignore each other (use distinct
     *                    names for clusters that share a machine, such as tests run in parallel)
     * @param basePort    the first port, 1024-65535
     * @param ports       how many ports from {@code basePort} the members may use, at least 1: the largest
     *                    cluster size
     * @return a new configuration, to adjust further if needed
     * @throws IllegalArgumentException if the ports are out of range
     */
    public static Config loopback(String clusterName, int basePort, int ports) {
        Objects.requireNonNull(clusterName, "clusterName");
        if (basePort < 1024 || ports < 1 || basePort + ports - 1 > 65535) {
            throw new IllegalArgumentException("Ports " + basePort + " to " + (basePort + ports - 1)
                    + " are out of range: use a base port of 1024 or more and at most 65535 in all");
        }
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        config.setProperty("hazelcast.heartbeat.failuredetector.type", "deadline");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getMemberAttributeConfig()
                .setAttribute(
                        PID_ATTRIBUTE, Long.toString(ProcessHandle.current().pid()));
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(basePort).setPortCount(ports).setPortAutoIncrement(true);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        // Without a port, the joiner tries every port of the member's own range.
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        return config;
    }
}
