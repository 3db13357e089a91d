package io.multiprocess.spring.autoconfigure;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.multiprocess.hazelcast.ClusterContext;
import io.multiprocess.hazelcast.ClusterManager;
import io.multiprocess.hazelcast.ClusterPoolBuilder;
import io.multiprocess.hazelcast.MemberConfigs;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.PoolListener;
import io.multiprocess.serialization.Serializer;
import io.multiprocess.spring.actuate.ClusterMembersEndpoint;
import io.multiprocess.spring.pool.ManagedPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the Hazelcast back end, {@code multiprocess.backend=hazelcast}: the
 * application's {@link Pool} bean runs its tasks on the members of a Hazelcast cluster (a
 * {@link ClusterContext} pool) instead of local worker processes, with the same API, so that
 * {@code @ParallelMap}, health and metrics work unchanged; a {@link ClusterManager} bean serves the
 * cluster's dicts, lists, counters, queues and locks; the actuator endpoint {@code clustermembers} shows
 * the members and the tasks each one ran.
 *
 * <p>The Hazelcast instance: the application's {@code HazelcastInstance} bean when it has one (Spring
 * Boot's own, from {@code spring-boot-hazelcast} with a {@code hazelcast.yaml} or a {@code Config} bean,
 * or one it declares); otherwise a member embedded in this JVM, from the application's Hazelcast
 * {@code Config} bean if it has one, else from {@code multiprocess.hazelcast.*} (a loopback cluster of
 * this machine when no members are listed), shut down with the context after the pool.
 *
 * <p>Lives here, not in the core's package {@code io.multiprocess.hazelcast}, so that every
 * {@code multiprocess.*} property and the pool's life cycle stay in one module and the core stays free of
 * Spring (the members need none); Hazelcast ({@code com.hazelcast:hazelcast}) is an optional dependency of
 * the core and of this module, and nothing here loads a Hazelcast class unless it is on the class path.
 * With the property set and Hazelcast missing, the application fails to start and says what to add.
 *
 * <p>Not applied to the cluster pool: {@code multiprocess.pool.max-tasks-per-child} (the members are not
 * the pool's processes), {@link PoolBuilderCustomizer}s (they adjust a local pool's builder) and the
 * start method. Pool listeners (the pool's metrics) are applied: every {@link PoolListener} bean.
 */
@AutoConfiguration(
        after = MultiprocessAutoConfiguration.class,
        before = MultiprocessPoolAutoConfiguration.class,
        afterName = "org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration")
@ConditionalOnProperty(prefix = "multiprocess", name = "backend", havingValue = "hazelcast")
@EnableConfigurationProperties(MultiprocessHazelcastProperties.class)
public final class MultiprocessHazelcastAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MultiprocessHazelcastAutoConfiguration.class);

    MultiprocessHazelcastAutoConfiguration() {}

    /** The back end was asked for without Hazelcast: fail the start-up and say what to add. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("com.hazelcast.core.HazelcastInstance")
    static class ModuleMissing {

        @Bean
        Object multiprocessHazelcastBackend() {
            throw new IllegalStateException("multiprocess.backend=hazelcast needs Hazelcast, com.hazelcast:hazelcast, "
                    + "on the class path: add it as a dependency, "
                    + "or remove the property to run the pool's tasks in local worker processes");
        }
    }

    /** The cluster, its context, its manager and the pool on it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.multiprocess.hazelcast.ClusterContext", "com.hazelcast.core.HazelcastInstance"})
    static class Cluster {

        /**
         * A member embedded in this JVM, when the application has no Hazelcast instance: from its
         * Hazelcast {@code Config} bean if it has exactly one, else from {@code multiprocess.hazelcast.*}.
         */
        @Bean(destroyMethod = "shutdown")
        @ConditionalOnMissingBean(HazelcastInstance.class)
        HazelcastInstance multiprocessHazelcastInstance(
                MultiprocessHazelcastProperties settings, ObjectProvider<Config> configs) {
            Config config = configs.getIfUnique(() -> memberConfig(settings));
            HazelcastInstance instance = Hazelcast.newHazelcastInstance(config);
            LOG.info(
                    "Started Hazelcast member {} of cluster '{}' for multiprocess.backend=hazelcast",
                    instance.getCluster().getLocalMember().getAddress(),
                    config.getClusterName());
            return instance;
        }

        @Bean
        @ConditionalOnMissingBean
        ClusterContext multiprocessClusterContext(HazelcastInstance instance, MultiprocessProperties properties) {
            ClusterContext context = ClusterContext.of(instance);
            Serializer serializer = MultiprocessAutoConfiguration.serializer(properties.getSerializer());
            return serializer == null ? context : context.withSerializer(serializer);
        }

        @Bean
        @ConditionalOnMissingBean
        ClusterManager multiprocessClusterManager(ClusterContext cluster) {
            return cluster.manager();
        }

        /** The embedded member's configuration from {@code multiprocess.hazelcast.*}. */
        static Config memberConfig(MultiprocessHazelcastProperties settings) {
            if (settings.getMembers().isEmpty()) {
                return MemberConfigs.loopback(settings.getClusterName(), settings.getPort(), settings.getPortCount());
            }
            Config config = new Config();
            config.setClusterName(settings.getClusterName());
            config.setProperty("hazelcast.phone.home.enabled", "false");
            config.setProperty("hazelcast.shutdownhook.enabled", "false");
            config.setProperty("hazelcast.logging.type", "slf4j");
            config.getMemberAttributeConfig()
                    .setAttribute(
                            MemberConfigs.PID_ATTRIBUTE,
                            Long.toString(ProcessHandle.current().pid()));
            NetworkConfig network = config.getNetworkConfig();
            network.setPort(settings.getPort())
                    .setPortCount(settings.getPortCount())
                    .setPortAutoIncrement(true);
            JoinConfig join = network.getJoin();
            join.getMulticastConfig().setEnabled(false);
            join.getAutoDetectionConfig().setEnabled(false);
            join.getTcpIpConfig().setEnabled(true).setMembers(settings.getMembers());
            return config;
        }
    }

    /** The pool bean's life cycle, in the place of the local one (which then backs off). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.multiprocess.hazelcast.ClusterContext", "com.hazelcast.core.HazelcastInstance"})
    @ConditionalOnProperty(prefix = "multiprocess.pool", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class ClusterPool {

        @Bean
        @ConditionalOnMissingBean({ManagedPool.class, Pool.class})
        ManagedPool multiprocessManagedPool(
                ClusterContext cluster,
                MultiprocessProperties properties,
                MultiprocessHazelcastProperties settings,
                ObjectProvider<PoolListener> listeners) {
            MultiprocessProperties.Pool pool = properties.getPool();
            if (pool.getMaxTasksPerChild() > 0) {
                LOG.warn(
                        "multiprocess.pool.max-tasks-per-child={} does not apply to the Hazelcast back end: "
                                + "the members are not the pool's processes",
                        pool.getMaxTasksPerChild());
            }
            // Configured now, so that a bad setting fails the start-up rather than the first use of a lazy pool.
            ClusterPoolBuilder builder = cluster.poolBuilder()
                    .processes(pool.getProcesses())
                    .taskTimeout(pool.getTaskTimeout())
                    .reRunOnMemberLoss(settings.getReRunsOnMemberLoss())
                    .executor(settings.getExecutor());
            listeners.orderedStream().forEach(builder::listener);
            return new ManagedPool(
                    builder::build,
                    pool.getStartup() == MultiprocessProperties.Startup.EAGER,
                    pool.getShutdown().getAwaitTermination());
        }
    }

    /** The {@code clustermembers} endpoint, when the application has the actuator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "io.multiprocess.hazelcast.ClusterContext",
                "com.hazelcast.core.HazelcastInstance",
                "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
                "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"
            })
    static class Endpoints {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint(endpoint = ClusterMembersEndpoint.class)
        ClusterMembersEndpoint clusterMembersEndpoint(ClusterContext cluster) {
            return new ClusterMembersEndpoint(cluster);
        }
    }
}
