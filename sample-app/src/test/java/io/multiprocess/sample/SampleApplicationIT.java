package io.multiprocess.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.multiprocess.Multiprocess;
import io.multiprocess.StartMethod;
import io.multiprocess.process.ChildProcess;
import io.multiprocess.process.ProcessRole;
import io.multiprocess.spring.test.AutoConfigureMultiprocess;
import io.multiprocess.spring.test.NoLeftovers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Boots the service on a random port and calls every endpoint over HTTP, the misbehaving tasks included.
 * Real worker processes whatever the test configuration says ({@link AutoConfigureMultiprocess} with
 * {@code SPAWN}). The context is closed after the class, and then nothing may be left: no worker or
 * manager process of the service, no socket file, no shared-memory segment ({@link NoLeftovers}, declared
 * before {@code @SpringBootTest} so that it checks after the context closed).
 */
@NoLeftovers(scope = NoLeftovers.Scope.CLASS)
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"multiprocess.child.jvm-options=-Xmx128m", "sample.isolation.task-timeout=3s"})
@AutoConfigureMultiprocess(startMethod = StartMethod.SPAWN)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SampleApplicationIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long HERE = ProcessHandle.current().pid();

    @LocalServerPort
    int port;

    @Autowired
    SharedState state;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(WAIT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(WAIT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static <T> T json(HttpResponse<String> response, String path) {
        return JsonPath.read(response.body(), path);
    }

    private static long number(HttpResponse<String> response, String path) {
        return JsonPath.<Number>read(response.body(), path).longValue();
    }

    @Test
    void aBatchRunsInTheWorkersWithVisibleProgress(CapturedOutput output) throws Exception {
        HttpResponse<String> started = post("/api/batches?documents=6&kilobytes=256");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = json(started, "$.id");
        assertThat(number(started, "$.documents")).isEqualTo(6);

        List<Long> seen = new CopyOnWriteArrayList<>();
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            HttpResponse<String> polled = get("/api/batches/" + id);
            seen.add(number(polled, "$.done"));
            return !"running".equals(json(polled, "$.state"));
        });
        assertThat(seen)
                .as("progress counted by the workers never goes back")
                .isSorted()
                .allSatisfy(done -> assertThat(done).isBetween(0L, 6L));
        HttpResponse<String> finished = get("/api/batches/" + id);
        assertThat(finished.statusCode()).isEqualTo(200);
        assertThat((String) json(finished, "$.state")).as(finished.body()).isEqualTo("done");
        assertThat(number(finished, "$.done")).isEqualTo(6);
        assertThat(number(finished, "$.bytes")).isEqualTo(6 * 256 * 1024);
        assertThat(number(finished, "$.compressedBytes")).isPositive().isLessThan(6 * 256 * 1024);
        List<Number> workers = json(finished, "$.workers");
        assertThat(workers)
                .isNotEmpty()
                .allSatisfy(pid -> assertThat(pid.longValue()).isNotEqualTo(HERE));
        assertThat(number(finished, "$.service")).isEqualTo(HERE);
        List<String> hashes = json(finished, "$.firstDigests[*].sha256");
        assertThat(hashes).hasSize(5).allSatisfy(hash -> assertThat(hash).hasSize(64));

        assertThat(state.progress())
                .as("a finished batch's count is removed from the manager's dict")
                .doesNotContainKey(id);
        assertThat(get("/api/batches").body()).contains(id);
        Matcher batchLine = Pattern.compile("Batch " + id + " of 6 documents: trace ([0-9a-f]{16,32})")
                .matcher(output.getAll());
        assertThat(batchLine.find()).as("the batch's trace id is in the log").isTrue();
        String traceId = batchLine.group(1);
        Awaitility.await()
                .atMost(WAIT)
                .until(() -> output.getAll()
                                .lines()
                                .filter(l -> l.contains("of batch " + id))
                                .count()
                        == 6);
        assertThat(output.getAll()
                        .lines()
                        .filter(line -> line.contains("Digested document") && line.contains("of batch " + id)))
                .as("the workers' lines, in the service's log with their pid and the batch's trace id")
                .hasSize(6)
                .allSatisfy(line -> assertThat(line)
                        .contains(traceId)
                        .containsPattern("PoolWorker-\\d+\\[\\d+\\]: Digested")
                        .doesNotContain("[" + HERE + "]: Digested"));
        HttpResponse<String> unknown = get("/api/batches/nothing");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(post("/api/batches?documents=0").statusCode()).isEqualTo(400);
    }

    @Test
    void misbehavingTasksAnswerWithAClearErrorAndTheServiceKeepsServing() throws Exception {
        HttpResponse<String> heap = post("/api/misbehave/heap");
        assertThat(heap.statusCode()).as(heap.body()).isEqualTo(502);
        assertThat((String) json(heap, "$.error")).isEqualTo("WorkerLostException");
        assertThat(number(heap, "$.service")).isEqualTo(HERE);

        HttpResponse<String> behaved = post("/api/misbehave/behave");
        assertThat(behaved.statusCode()).as(behaved.body()).isEqualTo(200);
        assertThat(number(behaved, "$.worker")).isNotEqualTo(HERE).isNotEqualTo(number(heap, "$.worker"));

        HttpResponse<String> exit = post("/api/misbehave/exit");
        assertThat(exit.statusCode()).as(exit.body()).isEqualTo(502);
        assertThat((String) json(exit, "$.error")).isEqualTo("WorkerLostException");
        assertThat(number(exit, "$.exitCode")).isEqualTo(13);
        assertThat(number(heap, "$.exitCode")).isEqualTo(3);
        assertThat((String) json(heap, "$.message")).contains("ran out of memory");

        HttpResponse<String> loop = post("/api/misbehave/loop");
        assertThat(loop.statusCode()).as(loop.body()).isEqualTo(504);
        assertThat((String) json(loop, "$.error")).isEqualTo("TaskTimeoutException");
        assertThat((String) json(loop, "$.timeout")).isEqualTo("PT3S");

        HttpResponse<String> again = post("/api/misbehave/behave");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        long worker = number(again, "$.worker");
        assertThat(worker).isNotEqualTo(number(behaved, "$.worker"));
        assertThat(ProcessHandle.of(worker).map(ProcessHandle::isAlive)).contains(true);

        HttpResponse<String> unknown = post("/api/misbehave/dance");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat((String) json(unknown, "$.message")).contains("dance").contains("behave, heap, exit or loop");
    }

    @Test
    void aTaskCallingSystemExitEndsItsChildNotTheService() throws Exception {
        HttpResponse<String> response = post("/api/isolated/exit?code=7");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"exitCode\":7").contains("\"service\":" + HERE);
        long child = number(response, "$.pid");

        HttpResponse<String> children = get("/api/children");
        assertThat(children.statusCode()).isEqualTo(200);
        assertThat(Multiprocess.activeChildren())
                .noneSatisfy(c -> assertThat(c.pid()).hasValue(child));
        assertThat(post("/api/isolated/exit?code=300").statusCode()).isEqualTo(400);
    }

    @Test
    void workersSumALargeSharedArrayInPlace() throws Exception {
        HttpResponse<String> sum = post("/api/shared/sum?megabytes=8&slices=4");
        assertThat(sum.statusCode()).as(sum.body()).isEqualTo(200);
        long elements = 8L * 1024 * 1024 / Long.BYTES;
        assertThat(number(sum, "$.elements")).isEqualTo(elements);
        assertThat(number(sum, "$.sum"))
                .isEqualTo(elements * (elements - 1) / 2)
                .isEqualTo(number(sum, "$.expected"));
        List<Number> workers = json(sum, "$.workers");
        assertThat(workers)
                .isNotEmpty()
                .allSatisfy(pid -> assertThat(pid.longValue()).isNotEqualTo(HERE));
        String segment = json(sum, "$.segment");
        assertThat(Path.of("/dev/shm", segment.replaceFirst("^/", ""))).doesNotExist();
        assertThat(post("/api/shared/sum?megabytes=0").statusCode()).isEqualTo(400);
    }

    @Test
    void workersIncrementTheManagersCounterWithoutLosingAny() throws Exception {
        long before = number(get("/api/counter"), "$.hits");
        HttpResponse<String> counted = post("/api/counter?tasks=3&increments=40");
        assertThat(counted.statusCode()).as(counted.body()).isEqualTo(200);
        assertThat(number(counted, "$.added")).isEqualTo(120);
        assertThat(number(counted, "$.hits")).isEqualTo(before + 120);
        assertThat(number(get("/api/counter"), "$.hits")).isEqualTo(before + 120);
        List<Number> workers = json(counted, "$.workers");
        assertThat(workers)
                .isNotEmpty()
                .allSatisfy(pid -> assertThat(pid.longValue()).isNotEqualTo(HERE));
        assertThat(Multiprocess.activeChildren())
                .anySatisfy(child -> assertThat(child.role()).isEqualTo(ProcessRole.MANAGER));
        assertThat(post("/api/counter?tasks=0").statusCode()).isEqualTo(400);
    }

    @Test
    void theActuatorEndpointsAndThePageAreServed() throws Exception {
        post("/api/shared/sum?megabytes=1&slices=2"); // the pool's workers are running
        HttpResponse<String> children = get("/actuator/childprocesses");
        assertThat(children.statusCode()).isEqualTo(200);
        assertThat(number(children, "$.pid")).isEqualTo(HERE);
        List<String> roles = json(children, "$.children[*].role");
        assertThat(roles).contains("pool_worker", "manager", "resource_tracker");
        List<Number> pids = json(children, "$.children[*].pid");
        assertThat(pids.stream().map(Number::longValue))
                .containsAll(Multiprocess.activeChildren().stream()
                        .filter(child -> child.role() == ProcessRole.POOL_WORKER)
                        .map(ChildProcess::pid)
                        .map(pid -> pid.orElseThrow())
                        .toList());

        HttpResponse<String> resources = get("/actuator/processresources");
        assertThat(resources.statusCode()).isEqualTo(200);
        assertThat(resources.body()).contains("\"resources\"");

        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat((String) json(health, "$.status")).isEqualTo("UP");
        assertThat(get("/actuator/env").statusCode())
                .as("only what the page needs is exposed")
                .isEqualTo(404);

        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("multiprocess-java sample service", "app.js", "actuator/processdashboard");
        assertThat(get("/actuator/processdashboard").body()).contains("multiprocess dashboard");
    }
}
