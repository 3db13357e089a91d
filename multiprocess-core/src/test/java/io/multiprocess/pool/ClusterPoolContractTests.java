package io.multiprocess.pool;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import io.multiprocess.hazelcast.ClusterContext;
import io.multiprocess.hazelcast.ClusterMember;
import io.multiprocess.hazelcast.TestClusters;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The whole pool contract of the core module, run against a cluster pool on three embedded members of
 * one loopback cluster in this JVM: the same tests the process and thread pools pass. (In the core's
 * package because the contract is package-private there.)
 */
@Tag("hazelcast")
class ClusterPoolContractTests extends PoolContract {

    private List<HazelcastInstance> members;
    private ClusterContext cluster;

    @Override
    Pool createPool() {
        members = TestClusters.startMembers(3);
        cluster = ClusterContext.of(members.get(0));
        return cluster.pool(2);
    }

    @Override
    @AfterAll
    void stopPool() {
        try {
            super.stopPool();
        } finally {
            TestClusters.shutdown(members);
        }
    }

    @Test
    void tasksAreSpreadOverTheMembers() {
        List<Integer> items = IntStream.range(0, 60).boxed().toList();
        assertThat(pool.map((Integer x) -> x + 1, items, 1)).hasSize(60);
        List<ClusterMember> seen = cluster.members();
        assertThat(seen).hasSize(3);
        assertThat(seen)
                .allSatisfy(member -> assertThat(member.completedTasks()).isPositive());
        assertThat(seen)
                .allSatisfy(member -> assertThat(member.processId())
                        .hasValue(ProcessHandle.current().pid()));
        assertThat(seen).filteredOn(ClusterMember::local).hasSize(1);
    }
}
