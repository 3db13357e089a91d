package io.multiprocess.pool;

import com.hazelcast.core.HazelcastInstance;
import io.multiprocess.hazelcast.ClusterContext;
import io.multiprocess.hazelcast.TestClusters;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The scheduling contract against a cluster pool of two on three embedded members of one loopback
 * cluster: the pool hands the runner at most {@code processes} tasks at a time and keeps the others in
 * this JVM, so a task never queues on a member behind a long one. (In the core's package because the
 * contract is package-private there.)
 */
@Tag("hazelcast")
class ClusterSchedulingTests extends SchedulingContract {

    private static List<HazelcastInstance> members;
    private static ClusterContext cluster;

    @BeforeAll
    static void startMembers() {
        members = TestClusters.startMembers(3);
        cluster = ClusterContext.of(members.get(0));
    }

    @AfterAll
    static void stopMembers() {
        TestClusters.shutdown(members);
    }

    @Override
    Pool createPool() {
        return cluster.pool(2);
    }
}
