package io.multiprocess.hazelcast.multihost;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import io.multiprocess.hazelcast.MemberConfigs;
import java.util.List;

/**
 * Hazelcast configurations for the rig's hosts and driver: what a deployment on several machines
 * uses (see HAZELCAST.md), discovery by a TCP-IP member list of the hosts' addresses, each member bound
 * to its own address only. Failure detection and merges are as quick as {@link MemberConfigs#loopback}
 * makes them, so that the tests stay short.
 */
final class RigConfigs {

    /** The port every host's member listens on: each host has a network stack of its own. */
    static final int PORT = 5701;

    private RigConfigs() {}

    /** The member on the host at {@code address}; {@code hosts} are every host's address. */
    static Config member(String clusterName, String address, List<String> hosts) {
        return configure(MemberConfigs.loopback(clusterName, PORT, 1), address, hosts);
    }

    /** This JVM on the bridge: a lite member (it submits, runs no tasks and holds no data). */
    static Config driver(String clusterName, String address, List<String> hosts) {
        return configure(MemberConfigs.loopback(clusterName, PORT, 1), address, hosts)
                .setLiteMember(true);
    }

    private static Config configure(Config config, String address, List<String> hosts) {
        // After a split, the sides look for each other every 5 s rather than every 120 s.
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        NetworkConfig network = config.getNetworkConfig();
        network.getInterfaces().clear().setEnabled(true).addInterface(address);
        network.getJoin().getTcpIpConfig().clear().setEnabled(true);
        for (String host : hosts) {
            network.getJoin().getTcpIpConfig().addMember(host + ":" + PORT);
        }
        return config;
    }
}
