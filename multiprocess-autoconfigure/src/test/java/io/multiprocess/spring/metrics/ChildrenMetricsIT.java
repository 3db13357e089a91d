package io.multiprocess.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multiprocess.Multiprocess;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.forkserver.ForkServer;
import io.multiprocess.pool.Pool;
import io.multiprocess.spring.autoconfigure.MultiprocessAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessMetricsAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessPoolAutoConfiguration;
import io.multiprocess.synchronize.ProcessLock;
import io.multiprocess.testing.NoLeftoversExtension;
import io.multiprocess.tracker.ResourceTracker;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code multiprocess.children.live} counts every process the library runs for this JVM: pool workers,
 * the resource tracker, the forkserver and its spare.
 */
@ExtendWith(NoLeftoversExtension.class)
class ChildrenMetricsIT {

    @Test
    void childrenLiveCountsTheTrackerTheForkserverAndItsSpares() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        MultiprocessAutoConfiguration.class,
                        MultiprocessPoolAutoConfiguration.class,
                        MultiprocessMetricsAutoConfiguration.class))
                .withPropertyValues(
                        "multiprocess.start-method=forkserver",
                        "multiprocess.forkserver.spares=1",
                        "multiprocess.pool.enabled=false",
                        "multiprocess.child.jvm-options=-Xmx64m")
                .withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new);
        try {
            runner.run(context -> {
                MeterRegistry registry = context.getBean(MeterRegistry.class);
                ProcessContext processes = context.getBean(ProcessContext.class);
                ProcessLock lock = processes.lock(); // a segment: this JVM's tracker runs
                Pool pool = processes.pool(1);
                pool.apply(() -> 1);

                assertThat(ResourceTracker.ownTrackerPid()).isPresent();
                assertThat(ForkServer.pid()).isPresent();
                // Every process below this JVM is the library's here; spares come and go, so wait until
                // the figures agree.
                Awaitility.await()
                        .atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(registry.get("multiprocess.children.live")
                                        .gauge()
                                        .value())
                                .isEqualTo(ProcessHandle.current()
                                        .descendants()
                                        .filter(ProcessHandle::isAlive)
                                        .count()));
                assertThat(registry.get("multiprocess.children.live").gauge().value())
                        .isGreaterThanOrEqualTo(Multiprocess.activeChildren().size() + 2);
                assertThat(lock.name()).isNotEmpty();
            });
        } finally {
            ForkServer.stop();
        }
    }
}
