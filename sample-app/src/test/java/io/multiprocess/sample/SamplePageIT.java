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
 * The page as a user sees it, in Debian's headless Chromium: the sample's buttons around the starter's
 * dashboard. A batch fills the pool's lanes (one per worker) and its progress climbs to its total; a task
 * that calls {@code System.exit} shows as a dead worker with its exit code and its last line on standard
 * error; the manager's counter still works. Screenshots go to {@code target/screenshots}. Skipped, with a
 * message, where {@code /usr/bin/chromium} is missing ({@code apt-get install -y chromium}; {@code .ci/run}
 * installs it).
 */
@ExtendWith(NoLeftoversExtension.class)
@NoLeftoversExtension.PerClass
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"multiprocess.child.jvm-options=-Xmx128m", "sample.isolation.task-timeout=3s"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SamplePageIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** The dashboard's document, inside the sample's page. */
    private static final String DASHBOARD = "document.querySelector('#dashboard').contentDocument";

    @LocalServerPort
    int port;

    @TempDir
    Path profile;

    @Test
    void theDashboardShowsLanesABatchsProgressAndADeadWorker() throws Exception {
        Assumptions.assumeTrue(
                Files.isExecutable(HeadlessChromium.EXECUTABLE),
                "Chromium is not installed ("
                        + HeadlessChromium.EXECUTABLE + " is missing): the page test is skipped. Install it with "
                        + "'apt-get install -y chromium' (.ci/run does).");
        Files.createDirectories(SCREENSHOTS);
        try (HeadlessChromium chromium = new HeadlessChromium(profile)) {
            chromium.viewport(1400, 1500);
            chromium.navigate("http://localhost:" + port + "/");
            chromium.awaitText("document.querySelector('#health').textContent", "UP");
            chromium.awaitText(DASHBOARD + "?.body?.dataset.polls > 0", "true");
            assertThat(String.valueOf(chromium.evaluate(DASHBOARD + ".querySelector('#app-pid').textContent")))
                    .isEqualTo(String.valueOf(ProcessHandle.current().pid()));

            chromium.evaluate("document.querySelector('#documents').value = '24';"
                    + "document.querySelector('#kilobytes').value = '256';"
                    + "document.querySelector('#start-batch').click(); true");
            String progress = DASHBOARD + ".querySelector('#progress .progress[data-total=\"24\"]')";
            chromium.awaitText(progress + " !== null", "true");
            chromium.awaitText(
                    DASHBOARD + ".querySelectorAll('svg[data-pool=multiprocessPool] [data-lane]').length", "2");
            // Mid-batch when the machine allows: a third of the documents done (the rest may be too).
            chromium.awaitText("Number(" + progress + ".dataset.done) >= 8", "true");
            Files.write(SCREENSHOTS.resolve("dashboard-batch.png"), chromium.screenshot());
            chromium.awaitText("document.querySelector('#batch-state').dataset.state", "done");
            chromium.awaitText(progress + ".dataset.done", "24");
            assertThat(String.valueOf(chromium.evaluate(progress + ".textContent")))
                    .contains("24 / 24 items");
            long worker = Multiprocess.activeChildren().stream()
                    .filter(child -> child.role() == ProcessRole.POOL_WORKER)
                    .findFirst()
                    .orElseThrow()
                    .pid()
                    .orElseThrow();
            chromium.awaitText(
                    DASHBOARD + ".querySelector('#tree tr[data-pid=\"" + worker + "\"]')?.textContent.includes("
                            + "'pool worker')",
                    "true");
            assertThat(chromium.evaluate(
                            DASHBOARD + ".querySelectorAll('svg[data-pool=multiprocessPool] [data-outcome=completed]')"
                                    + ".length >= 1"))
                    .isEqualTo(true);

            chromium.evaluate("document.querySelector('button[data-kind=exit]').click(); true");
            chromium.awaitText("document.querySelector('#misbehave-result').dataset.status", "502");
            String dead = DASHBOARD + ".querySelector('.dead-worker[data-exit-code=\"13\"]')";
            chromium.awaitText(dead + " !== null", "true");
            assertThat(String.valueOf(chromium.evaluate(dead + ".textContent")))
                    .contains("exit code 13", "misbehaving task: calling System.exit(13)");
            chromium.awaitText(
                    DASHBOARD + ".querySelectorAll('svg[data-pool=isolation] .dead-lane').length >= 1", "true");
            // The isolation pool is built from the context bean and has an activity bean: drawn once, by that name.
            assertThat(chromium.evaluate("[...new Set([..." + DASHBOARD + ".querySelectorAll('svg[data-pool]')]"
                            + ".map(s => s.dataset.pool))].sort().join(',')"))
                    .isEqualTo("isolation,multiprocessPool");

            chromium.evaluate("document.querySelector('#count').click(); true");
            chromium.awaitText("document.querySelector('#shared-result').dataset.status", "200");
            assertThat(String.valueOf(chromium.evaluate("document.querySelector('#shared-result').textContent")))
                    .contains("\"added\": 1000");

            chromium.navigate("http://localhost:" + port + "/actuator/processdashboard");
            chromium.awaitText("document.body.dataset.polls > 1", "true");
            Files.write(SCREENSHOTS.resolve("dashboard-crash.png"), chromium.screenshot());
        }
    }
}
