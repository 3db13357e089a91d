package io.multiprocess.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.multiprocess.Multiprocess;
import io.multiprocess.SerializationException;
import io.multiprocess.pool.ResultTimeoutException;
import io.multiprocess.pool.TaskFailedException;
import io.multiprocess.process.ProcessRole;
import io.multiprocess.sharedmemory.SharedMemory;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A Spring Boot application with the starter's beans, web and actuator, on a random port: {@code @ParallelMap}
 * methods of a real service (with injected collaborators, one of them a dict of the SyncManager bean) run in
 * worker processes, and the endpoints are called over HTTP. The context is closed after the class, and then nothing may be left: no worker, no
 * socket file, no shared-memory segment.
 */
@ExtendWith(NoLeftoversExtension.class)
@NoLeftoversExtension.PerClass
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "multiprocess.pool.processes=2",
            "multiprocess.pool.startup=eager",
            "multiprocess.child.jvm-options=-Xmx128m",
            "management.endpoints.web.exposure.include=health,childprocesses,processresources,metrics",
            "management.endpoint.health.show-details=always",
            "pricing.markup-percent=10",
            "pricing.currency=EUR"
        })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class MultiprocessApplicationIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long HERE = ProcessHandle.current().pid();

    @LocalServerPort
    int port;

    @Autowired
    Pricing pricing;

    @Autowired
    Reports reports;

    @Autowired
    Audits audits;

    @Autowired
    Visits visits;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(WAIT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static List<Long> workerPids() {
        return Multiprocess.activeChildren().stream()
                .filter(child -> child.role() == ProcessRole.POOL_WORKER)
                .map(child -> child.pid().orElseThrow())
                .toList();
    }

    @Test
    void chunksRunInWorkerProcessesWithTheBeansCollaboratorsAndComeBackInOrder() {
        List<Integer> cents =
                IntStream.rangeClosed(1, 20).map(i -> i * 100).boxed().toList();
        List<Quote> quotes = pricing.quote(cents);
        assertThat(quotes).extracting(Quote::cents).containsExactlyElementsOf(cents);
        // markup 10 % from the properties object, then 20 % tax from the TaxRules service: both travelled.
        assertThat(quotes).allSatisfy(quote -> {
            long marked = quote.cents() + quote.cents() * 10 / 100;
            assertThat(quote.total()).isEqualTo(marked + marked * 20 / 100);
            assertThat(quote.currency()).isEqualTo("EUR");
        });
        assertThat(quotes).extracting(Quote::pid).doesNotContain(HERE);
        assertThat(workerPids())
                .containsAll(quotes.stream().map(Quote::pid).distinct().toList());
    }

    @Test
    void arraysIterablesSetsAndVoidMethods(@TempDir Path dir) throws IOException {
        long[] pids = pricing.pids(new int[] {1, 2, 3, 4, 5});
        assertThat(pids).hasSize(5).doesNotContain(HERE);

        List<Integer> squares = new ArrayList<>();
        pricing.squaresAsTheyCome(List.of(1, 2, 3, 4)).forEach(squares::add);
        assertThat(squares).containsExactlyInAnyOrder(1, 4, 9, 16);

        Set<String> names = new LinkedHashSet<>(List.of("a", "b", "c"));
        pricing.touch(names, dir.toString());
        for (String name : names) {
            assertThat(Long.parseLong(Files.readString(dir.resolve(name)))).isNotEqualTo(HERE);
        }
    }

    @Test
    void exceptionsSurfaceAsFromAPlainCall() {
        Throwable unchecked = catchThrowable(() -> pricing.failOn(List.of(1, 2, 3, 4, 5), 4));
        assertThat(unchecked).isInstanceOf(IllegalArgumentException.class).hasMessage("bad item 4");
        assertThat(unchecked.getSuppressed()).singleElement().isInstanceOf(TaskFailedException.class);

        Throwable checked = catchThrowable(() -> pricing.unreadable(List.of(1, 2)));
        assertThat(checked).isInstanceOf(IOException.class).hasMessageStartingWith("cannot read");
    }

    @Test
    void aCallOverItsTimeoutFailsAndThePoolServesOn() {
        Throwable late = catchThrowable(() -> pricing.slow(List.of(1)));
        assertThat(late)
                .isInstanceOf(ResultTimeoutException.class)
                .hasMessageContaining("Pricing.slow(List)")
                .hasMessageContaining("PT1S");
        assertThat(pricing.quote(List.of(100)))
                .singleElement()
                .extracting(Quote::pid)
                .isNotEqualTo(HERE);
    }

    @Test
    void aCollaboratorHoldingAJdkResourceIsNamedWithWhatToDo() {
        Throwable refused = catchThrowable(() -> reports.render(List.of(1, 2)));
        assertThat(refused)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Reports.render(List)")
                .hasMessageContaining("collaborator 'executor'")
                .hasMessageContaining("transient");
        assertThat(((SerializationException) refused).path()).first().asString().startsWith("executor (");
    }

    @Test
    void aCollaboratorThatIsASpringProxyIsNamedWithWhatToDo() {
        Throwable refused = catchThrowable(() -> audits.taxes(List.of(100L)));
        assertThat(refused)
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Audits.taxes(List)")
                .hasMessageContaining("collaborator 'rules'")
                .hasMessageContaining("Spring proxy")
                .hasMessageContaining("transient");
    }

    @Test
    void theChildProcessesEndpointListsThePoolsWorkers() throws Exception {
        pricing.quote(List.of(1, 2, 3));
        Awaitility.await().atMost(WAIT).until(() -> {
            String listed = get("/actuator/childprocesses");
            return workerPids().size() == 2 && workerPids().stream().allMatch(pid -> listed.contains("\"pid\":" + pid));
        });
        String body = get("/actuator/childprocesses");
        assertThat(body).contains("\"pid\":" + HERE);
        assertThat(body)
                .contains(
                        "\"role\":\"pool_worker\"",
                        "\"startMethod\":\"spawn\"",
                        "\"alive\":true",
                        "\"name\":\"SpawnPoolWorker-",
                        "\"uptime\"",
                        "\"startTime\"");
    }

    @Test
    void aManagersProxyTravelsWithTheBeanAndTheManagerIsListed() throws Exception {
        visits.record(List.of("a", "b", "c"));
        assertThat(visits.seen()).containsOnlyKeys("a", "b", "c");
        assertThat(visits.seen().values())
                .doesNotContain(HERE)
                .allSatisfy(pid -> assertThat(workerPids()).contains(pid));
        long server = Multiprocess.activeChildren().stream()
                .filter(child -> child.role() == ProcessRole.MANAGER)
                .map(child -> child.pid().orElseThrow())
                .findFirst()
                .orElseThrow();
        assertThat(get("/actuator/childprocesses")).contains("\"pid\":" + server + ",", "\"role\":\"manager\"");
        assertThat(get("/actuator/health")).contains("\"manager\"", "\"reachable\":true", "\"serverPid\":" + server);
    }

    @Test
    void theProcessResourcesEndpointListsSharedMemoryAndSocketFiles() throws Exception {
        try (SharedMemory block = SharedMemory.create(4096)) {
            String body = get("/actuator/processresources");
            assertThat(body)
                    .contains(
                            "\"name\":\"" + block.name() + "\"",
                            "\"type\":\"shared_memory\"",
                            "\"size\":4096",
                            "\"creatorPid\":" + HERE,
                            "\"type\":\"socket_file\"",
                            "pool-",
                            "\"age\"");
            block.unlink();
        }
        assertThat(get("/actuator/processresources")).doesNotContain("shared_memory");
    }

    @Test
    void healthShowsThePoolAndItsWorkers() throws Exception {
        Awaitility.await().atMost(WAIT).until(() -> get("/actuator/health").contains("\"liveWorkers\":2"));
        String body = get("/actuator/health");
        assertThat(body).contains("\"multiprocess\"", "\"state\":\"running\"", "\"processes\":2", "\"status\":\"UP\"");
    }

    @Test
    void metricsCountTheTasks() throws Exception {
        pricing.quote(List.of(1, 2, 3, 4, 5, 6));
        assertThat(get("/actuator/metrics/multiprocess.pool.tasks.submitted")).contains("\"COUNT\"");
        assertThat(get("/actuator/metrics/multiprocess.pool.tasks.completed")).contains("\"COUNT\"");
        assertThat(get("/actuator/metrics/multiprocess.pool.task.duration")).contains("\"TOTAL_TIME\"");
        Awaitility.await()
                .atMost(WAIT)
                .until(() ->
                        get("/actuator/metrics/multiprocess.pool.workers.live").contains("\"value\":2.0"));
        assertThat(get("/actuator/metrics/multiprocess.children.live")).contains("\"VALUE\"");
        assertThat(get("/actuator/metrics"))
                .contains(
                        "multiprocess.pool.queue.depth",
                        "multiprocess.pool.workers.restarts",
                        "multiprocess.pool.tasks.failed");
    }

    @Test
    void theEagerPoolStartedItsWorkersWithTheContext() {
        Awaitility.await().atMost(WAIT).until(() -> workerPids().size() == 2);
        assertThat(Multiprocess.activeChildren())
                .filteredOn(child -> child.role() == ProcessRole.POOL_WORKER)
                .allSatisfy(child -> assertThat(child.startMethod()).contains(io.multiprocess.StartMethod.SPAWN));
    }
}
