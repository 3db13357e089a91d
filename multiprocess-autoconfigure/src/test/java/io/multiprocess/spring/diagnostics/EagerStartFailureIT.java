package io.multiprocess.spring.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.spring.autoconfigure.MultiprocessAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessPoolAutoConfiguration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;

/**
 * {@code multiprocess.pool.startup=eager} with child JVMs that cannot boot: the context fails to start, and
 * the analysis quotes the child JVM's own error and names the JVM options with the file and line that set
 * them. Real child JVMs, with an option no JVM knows.
 */
class EagerStartFailureIT {

    private static final String RESOURCE = "diagnostics/eager-start.properties";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MultiprocessAutoConfiguration.class, MultiprocessPoolAutoConfiguration.class));

    @Test
    void anEagerPoolWhoseWorkersCannotBootFailsTheStartWithTheChildsOwnError() {
        Set<ChildProcess> before = new HashSet<>(Multiprocess.activeChildren());
        PropertySource<?> source = InvalidPropertiesTests.source(
                RESOURCE, "multiprocess.pool.startup", "multiprocess.pool.processes", "multiprocess.child.jvm-options");
        runner.withInitializer(
                        context -> context.getEnvironment().getPropertySources().addFirst(source))
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    assertThat(InvalidPropertiesTests.find(failure, MultiprocessConfigurationException.class))
                            .isNotNull();
                    FailureAnalysis analysis =
                            InvalidPropertiesTests.analyze(failure, InvalidPropertiesTests.environment(source));
                    assertThat(analysis.getDescription())
                            .startsWith("multiprocess.pool.startup=eager: the pool's worker processes failed to start")
                            .contains("Unrecognized VM option")
                            .contains("NoSuchOptionOfMultiprocessTests")
                            .contains("Property: multiprocess.child.jvm-options\n")
                            .contains("Value: \"-XX:+NoSuchOptionOfMultiprocessTests\"")
                            .contains("Origin: class path resource [" + RESOURCE + "] - "
                                    + InvalidPropertiesTests.line(RESOURCE, "multiprocess.child.jvm-options") + ":");
                    assertThat(analysis.getAction())
                            .contains("multiprocess.child.jvm-options")
                            .contains("multiprocess.pool.startup=lazy");
                });
        // The failed start left no worker and no diagnosing child behind: each was joined.
        List<ChildProcess> left = Multiprocess.activeChildren().stream()
                .filter(child -> !before.contains(child))
                .filter(child -> child.role() == io.multiprocess.process.ProcessRole.POOL_WORKER
                        || child.name().equals("EagerStartCheck"))
                .toList();
        assertThat(left).isEmpty();
    }

    @Test
    void aLazyPoolWithTheSameOptionsStartsTheContextAndStartsNoWorker() {
        PropertySource<?> source = InvalidPropertiesTests.source(
                RESOURCE, "multiprocess.pool.processes", "multiprocess.child.jvm-options");
        runner.withInitializer(
                        context -> context.getEnvironment().getPropertySources().addFirst(source))
                .run(context -> assertThat(context).hasNotFailed());
    }
}
