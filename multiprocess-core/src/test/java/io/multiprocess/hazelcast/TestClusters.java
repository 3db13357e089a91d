package io.multiprocess.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;

/**
 * Loopback clusters for tests: a cluster name of their own and a range of free ports picked at random,
 * so that test runs on the same machine (other engineers', other modules') never join each other.
 */
public final class TestClusters {

    private TestClusters() {}

    /** A new cluster name, unique to this run. */
    public static String newClusterName() {
        return "mp-test-" + UUID.randomUUID();
    }

    /** The first of {@code count} consecutive ports that are free on 127.0.0.1 now. */
    public static int freePorts(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 60_000 - count);
            if (allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("No " + count + " consecutive free ports found on 127.0.0.1");
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    /** Starts {@code size} members of a new loopback cluster in this JVM and waits until they see each other. */
    public static List<HazelcastInstance> startMembers(int size) {
        String name = newClusterName();
        int base = freePorts(size + 4);
        List<HazelcastInstance> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Config config = MemberConfigs.loopback(name, base, size + 4);
            members.add(Hazelcast.newHazelcastInstance(config));
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> members.stream()
                        .allMatch(m -> m.getCluster().getMembers().size() == size));
        return members;
    }

    /** Stops every given member at once (no migration: the test is over). */
    public static void shutdown(List<HazelcastInstance> members) {
        for (HazelcastInstance member : members) {
            if (member.getLifecycleService().isRunning()) {
                member.getLifecycleService().terminate();
            }
        }
    }
}
