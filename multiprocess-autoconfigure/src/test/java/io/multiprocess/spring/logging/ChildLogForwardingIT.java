package io.multiprocess.spring.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.pool.Pool;
import io.multiprocess.spring.autoconfigure.MultiprocessAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessLoggingAutoConfiguration;
import io.multiprocess.spring.autoconfigure.MultiprocessPoolAutoConfiguration;
import io.multiprocess.testing.NoLeftoversExtension;
import io.multiprocess.util.ProcessLogging;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A worker's log line in the application's log (Logback here), tagged with the worker's name and pid. */
@ExtendWith({NoLeftoversExtension.class, OutputCaptureExtension.class})
class ChildLogForwardingIT {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    MultiprocessLoggingAutoConfiguration.class,
                    MultiprocessAutoConfiguration.class,
                    MultiprocessPoolAutoConfiguration.class))
            .withPropertyValues("multiprocess.pool.processes=1", "multiprocess.child.jvm-options=-Xmx96m");

    private static long logInWorker(Pool pool, String text) {
        return pool.apply(() -> {
            LoggerFactory.getLogger("worker.lines").warn("{} from the worker", text);
            return ProcessHandle.current().pid();
        });
    }

    @Test
    void aWorkersLinesGoToTheApplicationsLog(CapturedOutput output) {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ProcessLogging.ChildLogForwarding.class);
            long pid = logInWorker(context.getBean(Pool.class), "forwarded");
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> output.getAll().contains("forwarded from the worker"));
            assertThat(output.getAll())
                    .containsPattern(
                            "WARN .*worker\\.lines.* [A-Za-z0-9-]+\\[" + pid + "\\]: forwarded from the worker");
        });
    }

    @Test
    void offByProperty(CapturedOutput output) {
        runner.withPropertyValues("multiprocess.logging.forward-children=false").run(context -> {
            assertThat(context).doesNotHaveBean(ProcessLogging.ChildLogForwarding.class);
            logInWorker(context.getBean(Pool.class), "kept");
            assertThat(output.getAll()).doesNotContain("kept from the worker");
        });
    }
}
