package io.multiprocess.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.spring.dashboard.DashboardProperties;
import io.multiprocess.spring.dashboard.DashboardSnapshot;
import io.multiprocess.spring.dashboard.ProcessDashboardEndpoint;
import io.multiprocess.spring.monitor.PoolActivity;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The dashboard and the pool's activity: each condition and property. */
class MultiprocessDashboardAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MultiprocessAutoConfiguration.class,
                    MultiprocessPoolAutoConfiguration.class,
                    MultiprocessPoolActivityAutoConfiguration.class,
                    MultiprocessEndpointsAutoConfiguration.class,
                    MultiprocessDashboardAutoConfiguration.class));

    @Test
    void thePoolReportsToItsActivityWithTheActuator() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(PoolActivity.class);
            PoolActivity activity = context.getBean(PoolActivity.class);
            assertThat(activity.poolName()).isEqualTo("multiprocessPool");
            assertThat(activity.stats())
                    .as("reading never starts the lazy pool")
                    .isEmpty();
        });
    }

    @Test
    void noActivityWithoutTheActuatorOrWithoutThePool() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).doesNotHaveBean(PoolActivity.class));
        runner.withPropertyValues("multiprocess.pool.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PoolActivity.class));
    }

    @Test
    void theDashboardIsOffByDefault() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=*")
                .run(context -> assertThat(context)
                        .doesNotHaveBean(ProcessDashboardEndpoint.class)
                        .doesNotHaveBean(DashboardProperties.class));
    }

    @Test
    void theDashboardNeedsToBeEnabledAndExposed() {
        runner.withPropertyValues("multiprocess.dashboard.enabled=true")
                .run(context -> assertThat(context).doesNotHaveBean(ProcessDashboardEndpoint.class));
        runner.withPropertyValues(
                        "multiprocess.dashboard.enabled=true",
                        "management.endpoints.web.exposure.include=processdashboard",
                        "multiprocess.dashboard.task-window=30s",
                        "multiprocess.dashboard.refresh=2s")
                .run(context -> {
                    assertThat(context).hasSingleBean(ProcessDashboardEndpoint.class);
                    DashboardSnapshot snapshot =
                            context.getBean(ProcessDashboardEndpoint.class).snapshot();
                    assertThat(snapshot.taskWindowMillis()).isEqualTo(30_000);
                    assertThat(snapshot.refreshMillis()).isEqualTo(2_000);
                    assertThat(snapshot.application().pid())
                            .isEqualTo(ProcessHandle.current().pid());
                    assertThat(snapshot.pools())
                            .singleElement()
                            .satisfies(pool -> assertThat(pool.state()).isEqualTo("NOT_STARTED"));
                    assertThat(context.getBean(ProcessDashboardEndpoint.class).page())
                            .contains("<title>multiprocess dashboard</title>");
                    assertThat(context.getBean(ProcessDashboardEndpoint.class).data("other"))
                            .isNull();
                });
    }

    @Test
    void theDashboardDrawsEveryPoolActivityBean() {
        runner.withPropertyValues(
                        "multiprocess.dashboard.enabled=true",
                        "management.endpoints.web.exposure.include=processdashboard")
                .withBean("isolationActivity", PoolActivity.class, () -> new PoolActivity("isolation", Optional::empty))
                .run(context -> {
                    assertThat(context.getBean(ProcessDashboardEndpoint.class)
                                    .snapshot()
                                    .pools())
                            .extracting(DashboardSnapshot.PoolView::name)
                            .containsExactlyInAnyOrder("multiprocessPool", "isolation");
                    assertThat(context.getBean("multiprocessPoolActivity", PoolActivity.class)
                                    .tasks(Duration.ofMinutes(1)))
                            .isEmpty();
                });
    }
}
