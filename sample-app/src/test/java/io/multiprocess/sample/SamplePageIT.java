package io.multiprocess.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.multiprocess.Multiprocess;
import io.multiprocess.process.ProcessRole;
import io.multiprocess.testing.NoLeftoversExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The page as a user sees it, in Debian's headless Chromium: it shows the service's children and
 * tracked resources from the actuator endpoints, starts a batch and shows its progress to the end, and
 * shows a misbehaving task's error. Skipped, with a message, where {@code /usr/bin/chromium} is missing
 * ({@code apt-get install -y chromium}; {@code .ci/run} installs it).
 */
@ExtendWith(NoLeftoversExtension.class)
@NoLeftoversExtension.PerClass
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"multiprocess.child.jvm-options=-Xmx128m", "sample.isolation.task-timeout=3s"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SamplePageIT {

    @LocalServerPort
    int port;

    @TempDir
    Path profile;

    @Test
    void thePageShowsChildrenResourcesAndABatchToTheEnd() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(HeadlessChromium.EXECUTABLE),
                "Chromium is not installed ("
                        + HeadlessChromium.EXECUTABLE + " is missing): the page test is skipped. Install it with "
                        + "'apt-get install -y chromium' (.ci/run does).");
        try (HeadlessChromium chromium = new HeadlessChromium(profile)) {
            chromium.navigate("http://localhost:" + port + "/");
            chromium.awaitText(
                    "document.querySelector('#service-pid').textContent",
                    String.valueOf(ProcessHandle.current().pid()));
            chromium.awaitText("document.querySelector('#health').textContent", "UP");
            assertThat(String.valueOf(chromium.evaluate("document.querySelector('#tracker').textContent")))
                    .contains("tracked resources");

            chromium.evaluate("document.querySelector('#documents').value = '8';"
                    + "document.querySelector('#kilobytes').value = '128';"
                    + "document.querySelector('#start-batch').click(); true");
            chromium.awaitText("document.querySelector('#batch-state').dataset.state", "done");
            assertThat(chromium.evaluate("document.querySelector('#batch-progress').value"))
                    .isEqualTo(8);
            assertThat(String.valueOf(chromium.evaluate("document.querySelector('#batch-state').textContent")))
                    .isEqualTo("done: 8 / 8 documents");
            assertThat(String.valueOf(chromium.evaluate("document.querySelector('#batch-detail').textContent")))
                    .contains("by workers");

            long worker = Multiprocess.activeChildren().stream()
                    .filter(child -> child.role() == ProcessRole.POOL_WORKER)
                    .findFirst()
                    .orElseThrow()
                    .pid()
                    .orElseThrow();
            chromium.awaitText(
                    "[...document.querySelectorAll('#children tbody tr')]"
                            + ".some(row => row.cells[0].textContent === '" + worker
                            + "' && row.cells[2].textContent === 'pool_worker')",
                    "true");

            chromium.evaluate("document.querySelector('button[data-kind=exit]').click(); true");
            chromium.awaitText("document.querySelector('#misbehave-result').dataset.status", "502");
            assertThat(String.valueOf(chromium.evaluate("document.querySelector('#misbehave-result').textContent")))
                    .contains("WorkerLostException");

            chromium.evaluate("document.querySelector('#count').click(); true");
            chromium.awaitText("document.querySelector('#shared-result').dataset.status", "200");
            assertThat(String.valueOf(chromium.evaluate("document.querySelector('#shared-result').textContent")))
                    .contains("\"added\": 1000");
        }
    }
}
