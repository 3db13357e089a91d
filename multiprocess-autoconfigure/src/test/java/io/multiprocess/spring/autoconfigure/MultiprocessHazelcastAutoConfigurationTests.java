package io.multiprocess.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multiprocess.hazelcast.ClusterContext;
import io.multiprocess.hazelcast.ClusterManager;
import io.multiprocess.hazelcast.MemberConfigs;
import io.multiprocess.pool.Pool;
import io.multiprocess.spring.actuate.ClusterMembersEndpoint;
import io.multiprocess.spring.health.MultiprocessHealthIndicator;
import io.multiprocess.spring.metrics.PoolMetrics;
import io.multiprocess.spring.parallel.ParallelMap;
import io.multiprocess.spring.pool.ManagedPool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code multiprocess.backend=hazelcast}: the pool bean runs its tasks on a cluster (an embedded member,
 * or the application's own instance from Spring Boot's Hazelcast auto-configuration), the manager bean,
 * the {@code clustermembers} endpoint, health, metrics and {@code @ParallelMap} on the cluster pool; the local back end by
 * default; a clear failure without the module. One loopback member per test, on free ports and a
 * cluster name of its own.
 */
class MultiprocessHazelcastAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MultiprocessAutoConfiguration.class,
                    MultiprocessHazelcastAutoConfiguration.class,
                    MultiprocessPoolAutoConfiguration.class,
                    MultiprocessEndpointsAutoConfiguration.class,
                    MultiprocessHealthAutoConfiguration.class,
                    MultiprocessMetricsAutoConfiguration.class,
                    ParallelMapAutoConfiguration.class));

    /** A bean whose {@code @ParallelMap} method runs its chunks on the cluster. */
    public static class Doubler {
        /**
         * Doubles each item.
         *
         * @param items the items
         * @return the doubled items
         */
        @ParallelMap(chunksize = 2)
        public int[] doubled(int[] items) {
            int[] out = new int[items.length];
            for (int i = 0; i < items.length; i++) {
                out[i] = items[i] * 2;
            }
            return out;
        }
    }

    @BeforeAll
    static void quietHazelcast() {
        // Hazelcast logs its start-up at INFO; these tests run without Spring Boot's logging system.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("com.hazelcast")).setLevel(Level.WARN);
    }

    @Test
    void embedsAMemberAndRunsThePoolsTasksOnTheCluster() {
        AtomicReference<HazelcastInstance> member = new AtomicReference<>();
        runner.withPropertyValues(clusterProperties("management.endpoints.web.exposure.include=clustermembers"))
                .withBean(Doubler.class)
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasSingleBean(HazelcastInstance.class)
                            .hasSingleBean(ClusterContext.class)
                            .hasSingleBean(ClusterManager.class)
                            .hasSingleBean(ManagedPool.class)
                            .hasBean("multiprocessHazelcastInstance");
                    member.set(context.getBean(HazelcastInstance.class));

                    Pool pool = context.getBean(Pool.class);
                    List<Integer> items = IntStream.range(0, 40).boxed().toList();
                    assertThat(pool.map(x -> x * x, items, 4))
                            .isEqualTo(items.stream().map(x -> x * x).toList());
                    assertThat(context.getBean(ManagedPool.class).startedPool())
                            .get()
                            .asString()
                            .contains("Hazelcast cluster");

                    ClusterManager manager = context.getBean(ClusterManager.class);
                    manager.counter("calls").addAndGet(3);
                    assertThat(pool.apply(() -> 1)).isEqualTo(1);
                    assertThat(manager.counter("calls").get()).isEqualTo(3);

                    ClusterMembersEndpoint.ClusterMembersDescriptor members =
                            context.getBean(ClusterMembersEndpoint.class).members();
                    assertThat(members.members()).singleElement().satisfies(m -> {
                        assertThat(m.local()).isTrue();
                        assertThat(m.pid()).isEqualTo(ProcessHandle.current().pid());
                        assertThat(m.completedTasks()).isEqualTo(11); // 10 chunks of 4 and one apply
                        assertThat(m.runningTasks()).isZero();
                    });

                    assertThat(context.getBean(MultiprocessHealthIndicator.class)
                                    .health()
                                    .getStatus())
                            .isEqualTo(Status.UP);
                    assertThat(pool.stats().liveWorkers()).isEqualTo(1);
                    SimpleMeterRegistry registry = new SimpleMeterRegistry();
                    context.getBean(PoolMetrics.class).bindTo(registry);
                    assertThat(registry.get("multiprocess.pool.tasks.completed")
                                    .functionCounter()
                                    .count())
                            .isEqualTo(11);

                    int[] doubled = context.getBean(Doubler.class).doubled(new int[] {1, 2, 3, 4, 5});
                    assertThat(doubled).as("@ParallelMap on the cluster pool").containsExactly(2, 4, 6, 8, 10);
                    assertThat(context.getBean(ClusterMembersEndpoint.class)
                                    .members()
                                    .members()
                                    .get(0)
                                    .completedTasks())
                            .isGreaterThan(11);
                });
        assertThat(member.get().getLifecycleService().isRunning())
                .as("the embedded member shut down with the context")
                .isFalse();
    }

    @Test
    void reusesTheHazelcastInstanceOfSpringBootsAutoConfiguration() {
        int port = freePort();
        String name = "mp-spring-" + UUID.randomUUID();
        runner.withConfiguration(AutoConfigurations.of(HazelcastAutoConfiguration.class))
                .withBean(Config.class, () -> MemberConfigs.loopback(name, port, 5))
                .withPropertyValues("multiprocess.backend=hazelcast")
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasSingleBean(HazelcastInstance.class)
                            .doesNotHaveBean("multiprocessHazelcastInstance")
                            .hasBean("hazelcastInstance");
                    HazelcastInstance boots = context.getBean(HazelcastInstance.class);
                    assertThat(context.getBean(ClusterContext.class).instance()).isSameAs(boots);
                    assertThat(boots.getConfig().getClusterName()).isEqualTo(name);
                    assertThat(context.getBean(Pool.class)
                                    .apply(() -> "on " + ProcessHandle.current().pid()))
                            .isEqualTo("on " + ProcessHandle.current().pid());
                });
    }

    @Test
    void theLocalBackEndIsTheDefault() {
        runner.run(context -> {
            assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(ClusterContext.class)
                    .doesNotHaveBean(HazelcastInstance.class)
                    .hasSingleBean(Pool.class);
            assertThat(context.getBean(Pool.class).toString()).doesNotContain("Hazelcast");
        });
    }

    @Test
    void theBackEndWithoutHazelcastFailsTheStartAndSaysWhatToAdd() {
        runner.withPropertyValues("multiprocess.backend=hazelcast")
                .withClassLoader(new FilteredClassLoader("com.hazelcast"))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("com.hazelcast:hazelcast")
                        .hasMessageContaining("multiprocess.backend=hazelcast"));
    }

    /** Properties of a one-member loopback cluster of its own, plus {@code more}. */
    private static String[] clusterProperties(String... more) {
        List<String> properties = new ArrayList<>(List.of(
                "multiprocess.backend=hazelcast",
                "multiprocess.hazelcast.cluster-name=mp-spring-" + UUID.randomUUID(),
                "multiprocess.hazelcast.port=" + freePort(),
                "multiprocess.hazelcast.port-count=5"));
        properties.addAll(List.of(more));
        return properties.toArray(String[]::new);
    }

    /** A port free on 127.0.0.1 now, in a range the system does not hand out for outgoing connections. */
    private static int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("No free port found on 127.0.0.1");
    }
}
