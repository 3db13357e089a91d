package io.multiprocess.spring.managers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.multiprocess.AuthenticationException;
import io.multiprocess.managers.DictProxy;
import io.multiprocess.managers.ListProxy;
import io.multiprocess.managers.SyncManager;
import io.multiprocess.pool.Pool;
import io.multiprocess.process.ProcessRole;
import io.multiprocess.spring.autoconfigure.MultiprocessAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessHealthAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessManagerAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessPoolAutoConfiguration;
import io.multiprocess.spring.health.MultiprocessHealthIndicator;
import io.multiprocess.spring.monitor.ProcessTreeView;
import io.multiprocess.testing.NoLeftoversExtension;
import io.multiprocess.testing.OsProcesses;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Lazy;

/**
 * The SyncManager bean with a real server process: started on the first call, listed as a manager child,
 * used by pool workers, reported by the health indicator, shut down with the context leaving nothing
 * behind; the address, key and serializer properties, and a second application connecting to it.
 */
@ExtendWith(NoLeftoversExtension.class)
class ManagedSyncManagerIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MultiprocessAutoConfiguration.class,
                    MultiprocessPoolAutoConfiguration.class,
                    MultiprocessManagerAutoConfiguration.class,
                    MultiprocessHealthAutoConfiguration.class))
            .withPropertyValues("multiprocess.pool.processes=1", "multiprocess.child.jvm-options=-Xmx96m");

    @Test
    void theManagerStartsOnFirstUseServesPoolWorkersAndLeavesNothingWhenTheContextCloses() {
        runner.withBean(Tally.class).run(context -> {
            ManagedSyncManager managed = context.getBean(ManagedSyncManager.class);
            Tally tally = context.getBean(Tally.class);
            assertThat(managed.startedManager()).isEmpty();

            DictProxy<String, Long> pids = tally.manager.dict();
            SyncManager manager = managed.startedManager().orElseThrow();
            long serverPid = manager.serverPid().orElseThrow();
            assertThat(serverPid).isNotEqualTo(ProcessHandle.current().pid());
            assertThat(context.getBean(ProcessTreeView.class).children(ProcessRole.MANAGER))
                    .singleElement()
                    .satisfies(child -> {
                        assertThat(child.pid()).isEqualTo(serverPid);
                        assertThat(child.role()).isEqualTo("manager");
                        assertThat(child.alive()).isTrue();
                    });

            long workerPid = context.getBean(Pool.class).apply(() -> {
                long pid = ProcessHandle.current().pid();
                pids.put("worker", pid);
                return pid;
            });
            assertThat(pids.get("worker")).isEqualTo(workerPid).isNotEqualTo(serverPid);

            Health health = context.getBean(MultiprocessHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            @SuppressWarnings("unchecked")
            Map<String, Object> details =
                    (Map<String, Object>) health.getDetails().get("manager");
            assertThat(details).containsEntry("reachable", true).containsEntry("serverPid", serverPid);
            assertThat((Integer) details.get("objects")).isPositive();

            ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
            Awaitility.await().atMost(WAIT).until(() -> OsProcesses.hasExited(serverPid));
            assertThat(catchThrowable(() -> pids.get("worker"))).isNotNull();
        });
    }

    @Test
    void addressKeyAndSerializerComeFromPropertiesAndAnotherApplicationConnects() {
        runner.withPropertyValues(
                        "multiprocess.manager.address=127.0.0.1:0",
                        "multiprocess.manager.authkey=s3cret",
                        "multiprocess.manager.serializer=jdk")
                .run(server -> {
                    SyncManager manager = server.getBean(SyncManager.class);
                    assertThat(manager.authkey()).isEqualTo("s3cret".getBytes(StandardCharsets.UTF_8));
                    int port = ((InetSocketAddress) manager.address()).getPort();
                    assertThat(port).isPositive();
                    ListProxy<String> list = manager.list();
                    list.add("from the server's application");

                    ApplicationContextRunner clients = new ApplicationContextRunner()
                            .withConfiguration(AutoConfigurations.of(
                                    MultiprocessAutoConfiguration.class, MultiprocessManagerAutoConfiguration.class))
                            .withPropertyValues(
                                    "multiprocess.manager.connect=true",
                                    "multiprocess.manager.address=127.0.0.1:" + port,
                                    "multiprocess.manager.serializer=jdk");
                    clients.withPropertyValues("multiprocess.manager.authkey=s3cret")
                            .run(client -> {
                                SyncManager remote = client.getBean(SyncManager.class);
                                assertThat(remote.serverPid())
                                        .hasValue(manager.serverPid().orElseThrow());
                                ListProxy<String> own = remote.list();
                                own.add("from a client");
                                assertThat(own).containsExactly("from a client");
                                assertThat(manager.numberOfObjects()).isGreaterThanOrEqualTo(2);
                            });
                    // Closing the client's context left the server serving.
                    assertThat(list).containsExactly("from the server's application");

                    clients.withPropertyValues("multiprocess.manager.authkey=wrong")
                            .run(client -> assertThat(catchThrowable(() -> client.getBean(SyncManager.class)))
                                    .hasRootCauseInstanceOf(AuthenticationException.class));
                    assertThat(list).hasSize(1);
                });
    }

    /** A bean that declares its need of the manager without starting it. */
    static final class Tally {

        final SyncManager manager;

        Tally(@Lazy SyncManager manager) {
            this.manager = manager;
        }
    }
}
