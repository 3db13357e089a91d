package io.multiprocess.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.multiprocess.ProcessStateException;
import io.multiprocess.managers.DictProxy;
import io.multiprocess.managers.SyncManager;
import io.multiprocess.spring.health.MultiprocessHealthIndicator;
import io.multiprocess.spring.managers.ManagedSyncManager;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The SyncManager bean's conditions and properties, without starting a manager process (the bean is
 * lazy; one test uses the "thread" start method, whose server is a thread of this JVM). Server
 * processes, the properties' effect and their shutdown: {@code ManagedSyncManagerIT}.
 */
class MultiprocessManagerAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MultiprocessAutoConfiguration.class,
                    MultiprocessManagerAutoConfiguration.class,
                    MultiprocessPoolAutoConfiguration.class,
                    MultiprocessHealthAutoConfiguration.class));

    @Test
    void aLazyManagerIsDefinedAndStartsNothing() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ManagedSyncManager.class);
            assertThat(context.getBeanNamesForType(SyncManager.class)).containsExactly("multiprocessSyncManager");
            assertThat(context.getBean(ManagedSyncManager.class).startedManager())
                    .isEmpty();
            assertThat(context.getBean(ManagedSyncManager.class).toString()).contains("not started");
        });
    }

    @Test
    void theBeanCanBeSwitchedOff() {
        runner.withPropertyValues("multiprocess.manager.enabled=false")
                .run(context -> assertThat(context)
                        .doesNotHaveBean(SyncManager.class)
                        .doesNotHaveBean(ManagedSyncManager.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnManager() {
        runner.withBean("ownManager", SyncManager.class, SyncManager::new).run(context -> {
            assertThat(context).hasSingleBean(SyncManager.class).doesNotHaveBean(ManagedSyncManager.class);
            assertThat(context.getBean(SyncManager.class).address()).isNull();
        });
    }

    @Test
    void addressesInEveryForm() {
        assertThat(MultiprocessManagerAutoConfiguration.address(null)).isNull();
        assertThat(MultiprocessManagerAutoConfiguration.address(" ")).isNull();
        assertThat(MultiprocessManagerAutoConfiguration.address("localhost:50000"))
                .isEqualTo(new InetSocketAddress("localhost", 50000));
        assertThat(MultiprocessManagerAutoConfiguration.address("tcp:127.0.0.1:7"))
                .isEqualTo(new InetSocketAddress("127.0.0.1", 7));
        assertThat(MultiprocessManagerAutoConfiguration.address(":50000")).isEqualTo(new InetSocketAddress(50000));
        assertThat(MultiprocessManagerAutoConfiguration.address("[::1]:80"))
                .isEqualTo(new InetSocketAddress("::1", 80));
        assertThat(MultiprocessManagerAutoConfiguration.address("unix:/tmp/m.sock"))
                .isEqualTo(UnixDomainSocketAddress.of("/tmp/m.sock"));
        assertThat(MultiprocessManagerAutoConfiguration.address("/tmp/m.sock"))
                .isEqualTo(UnixDomainSocketAddress.of("/tmp/m.sock"));
        for (String bad : new String[] {"localhost", "host:port", "host:70000", "relative/path"}) {
            assertThatThrownBy(() -> MultiprocessManagerAutoConfiguration.address(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad)
                    .hasMessageContaining("host:port");
        }
    }

    @Test
    void badSettingsFailTheStartRatherThanTheFirstUse() {
        runner.withPropertyValues("multiprocess.manager.address=nowhere")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(BindValidationException.class)
                        .hasMessageContaining("nowhere"));
        runner.withPropertyValues("multiprocess.manager.connect=true")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("multiprocess.manager.address"));
        runner.withPropertyValues("multiprocess.manager.shutdown-timeout=0s")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("shutdownTimeout"));
        runner.withPropertyValues("multiprocess.manager.call-timeout=-1s")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("callTimeout"));
        runner.withPropertyValues("multiprocess.manager.serializer=com.acme.NoSuchSerializer")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("com.acme.NoSuchSerializer"));
    }

    @Test
    void healthDoesNotStartTheManager() {
        runner.run(context -> {
            Health health = context.getBean(MultiprocessHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                    .containsEntry("manager", "not started")
                    .containsEntry("pool", "not started");
            assertThat(context.getBean(ManagedSyncManager.class).startedManager())
                    .isEmpty();
        });
    }

    @Test
    void aManagerNeverUsedCannotBeStartedOnceTheContextClosed() {
        runner.run(context -> {
            ManagedSyncManager managed = context.getBean(ManagedSyncManager.class);
            ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
            assertThatThrownBy(managed::manager)
                    .isInstanceOf(ProcessStateException.class)
                    .hasMessageContaining("never started");
            assertThat(managed.toString()).contains("closed, never started");
        });
    }

    @Test
    void withTheThreadStartMethodTheManagerServesOnAThreadAndEndsWithTheContext() {
        runner.withPropertyValues("multiprocess.start-method=thread").run(context -> {
            MultiprocessHealthIndicator indicator = context.getBean(MultiprocessHealthIndicator.class);
            SyncManager manager = context.getBean(SyncManager.class);
            assertThat(context.getBean(ManagedSyncManager.class).startedManager())
                    .containsSame(manager);
            assertThat(manager.serverPid()).hasValue(ProcessHandle.current().pid());
            DictProxy<String, Integer> counts = manager.dict();
            counts.put("a", 1);
            assertThat(counts.get("a")).isEqualTo(1);

            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            @SuppressWarnings("unchecked")
            Map<String, Object> details =
                    (Map<String, Object>) health.getDetails().get("manager");
            assertThat(details).containsEntry("reachable", true).containsKey("address");
            assertThat((Integer) details.get("objects")).isPositive();

            ((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
            assertThat(catchThrowable(() -> counts.get("a"))).isNotNull();
            assertThat(indicator.health().getStatus()).isNotEqualTo(Status.UP);
        });
    }

    @Test
    void healthWithTheManagerAloneWhenThePoolIsOff() {
        runner.withPropertyValues("multiprocess.pool.enabled=false").run(context -> {
            Health health = context.getBean(MultiprocessHealthIndicator.class).health();
            assertThat(health.getDetails()).containsOnlyKeys("manager");
        });
        runner.withPropertyValues("multiprocess.pool.enabled=false", "multiprocess.manager.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MultiprocessHealthIndicator.class));
    }
}
