package io.multiprocess.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.pool.AsyncResult;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.WorkerLostException;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A cluster of three members in separate JVMs, child processes of this one ({@link MemberProcess}),
 * with this JVM as a lite member that only submits: tasks run in the members' processes, results are
 * identical to a local process pool's, and a member killed with SIGKILL in the middle of a map fails
 * the task it ran with {@link WorkerLostException} (or, with re-runs, the map completes), within
 * seconds. The tests run in order: each kill leaves one member fewer.
 */
@Tag("hazelcast")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(NoLeftoversExtension.class)
@NoLeftoversExtension.PerClass
class MemberProcessIT {

    static final Duration WAIT = Duration.ofSeconds(60);

    private final List<MemberProcess> members = new ArrayList<>();
    private HazelcastInstance caller;
    private ClusterContext cluster;

    @BeforeAll
    void startCluster() {
        String name = TestClusters.newClusterName();
        int base = TestClusters.freePorts(8);
        ProcessContext context = Multiprocess.getContext("spawn").withJvmOptions("-Xmx256m");
        for (int i = 0; i < 3; i++) {
            members.add(MemberProcess.start(context, name, base, 8));
        }
        for (MemberProcess member : members) {
            assertThat(member.awaitJoined(WAIT)).as("%s joined", member).isTrue();
        }
        Config config = MemberConfigs.loopback(name, base, 8).setLiteMember(true);
        caller = Hazelcast.newHazelcastInstance(config);
        Awaitility.await()
                .atMost(WAIT)
                .until(() -> caller.getCluster().getMembers().size() == 4);
        cluster = ClusterContext.of(caller);
    }

    @AfterAll
    void stopCluster() {
        try {
            for (MemberProcess member : members) {
                member.close();
            }
        } finally {
            caller.getLifecycleService().terminate();
        }
    }

    private Set<Long> memberPids() {
        return members.stream()
                .filter(m -> m.process().isAlive())
                .map(m -> m.process().pid().orElseThrow())
                .collect(Collectors.toSet());
    }

    static long slowSquare(int x) {
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (long) x * x;
    }

    @Test
    @Order(1)
    void tasksRunInTheMembersProcessesWithTheResultsOfALocalPool() {
        List<Integer> items = IntStream.range(0, 300).boxed().toList();
        List<Long> local;
        try (Pool processes = Multiprocess.pool(2)) {
            local = processes.map(
                    (Integer x) -> (long) x * x + ProcessHandle.current().pid() * 0, items);
        }
        try (Pool pool = cluster.pool(6)) {
            assertThat(pool.map((Integer x) -> (long) x * x, items)).isEqualTo(local);
            Set<Long> pids = new HashSet<>(
                    pool.map((Integer x) -> ProcessHandle.current().pid(), items, 1));
            assertThat(pids)
                    .isEqualTo(memberPids())
                    .doesNotContain(ProcessHandle.current().pid());
        }
        assertThat(cluster.members())
                .filteredOn(m -> !m.lite())
                .allSatisfy(m -> assertThat(m.completedTasks()).isPositive())
                .extracting(ClusterMember::pid)
                .containsExactlyInAnyOrderElementsOf(memberPids());
    }

    /** Takes the cluster lock of that name on this member (a thread of its executor) and keeps it. */
    record TakeLock(String name) implements Callable<Long>, Serializable {
        @Override
        public Long call() {
            HazelcastInstance here =
                    Hazelcast.getAllHazelcastInstances().iterator().next();
            ClusterContext.of(here).manager().lock(name).lock();
            return ProcessHandle.current().pid();
        }
    }

    @Test
    @Order(2)
    void aMemberKilledMidMapFailsItsTaskWithWorkerLostAndThePoolServesOn() throws Exception {
        MemberProcess victim = members.get(0);
        long victimPid = victim.process().pid().orElseThrow();
        String lockName = "held-by-" + victimPid;
        Member victimMember = caller.getCluster().getMembers().stream()
                .filter(m -> String.valueOf(victimPid).equals(m.getAttribute(MemberConfigs.PID_ATTRIBUTE)))
                .findFirst()
                .orElseThrow();
        assertThat(caller.getExecutorService("test-locks")
                        .submitToMember(new TakeLock(lockName), victimMember)
                        .get(60, TimeUnit.SECONDS))
                .isEqualTo(victimPid);
        ClusterLock lock = cluster.manager().lock(lockName);
        assertThat(lock.tryLock()).as("held by the victim").isFalse();
        try (Pool pool = cluster.pool(6)) {
            AsyncResult<List<Long>> map = pool.mapAsync(
                    MemberProcessIT::slowSquare, IntStream.range(0, 200).boxed().toList(), 1);
            awaitRunningOn(victimPid);
            victim.kill();
            assertThatThrownBy(() -> map.result(WAIT))
                    .isInstanceOf(WorkerLostException.class)
                    .hasMessageContaining("pid " + victimPid)
                    .hasMessageContaining("left the cluster")
                    .satisfies(e -> assertThat(((WorkerLostException) e).pid()).isEqualTo(victimPid));
            assertThat(victim.process().join(WAIT)).isTrue();
            assertThat(victim.process().exitCode()).hasValue(-9);
            assertThat(pool.map((Integer x) -> x + 1, List.of(1, 2, 3))).containsExactly(2, 3, 4);
        }
        assertThat(lock.tryLock(60, TimeUnit.SECONDS))
                .as("the cluster released the lock of the member that died")
                .isTrue();
        lock.unlock();
    }

    @Test
    @Order(3)
    void withReRunsAMapSurvivesAMemberKilledInTheMiddle() {
        MemberProcess victim = members.get(1);
        long victimPid = victim.process().pid().orElseThrow();
        List<Integer> items = IntStream.range(0, 120).boxed().toList();
        try (Pool pool = cluster.poolBuilder().processes(4).reRunOnMemberLoss(2).build()) {
            AsyncResult<List<Long>> map = pool.mapAsync(MemberProcessIT::slowSquare, items, 1);
            awaitRunningOn(victimPid);
            victim.kill();
            assertThat(map.result(WAIT))
                    .isEqualTo(items.stream().map(x -> (long) x * x).toList());
        }
        assertThat(victim.process().join(WAIT)).isTrue();
        assertThat(cluster.members()).filteredOn(m -> !m.lite()).hasSize(1);
    }

    private void awaitRunningOn(long pid) {
        Awaitility.await()
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.members().stream().anyMatch(m -> m.pid() == pid && m.runningTasks() > 0));
    }
}
