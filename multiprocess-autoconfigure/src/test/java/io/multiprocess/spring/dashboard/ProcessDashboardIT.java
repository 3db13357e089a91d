package io.multiprocess.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.jayway.jsonpath.JsonPath;
import io.multiprocess.context.ProcessContext;
import io.multiprocess.pool.AsyncResult;
import io.multiprocess.pool.Pool;
import io.multiprocess.pool.TaskFailedException;
import io.multiprocess.queues.ProcessQueue;
import io.multiprocess.spring.it.TestApplication;
import io.multiprocess.testing.NoLeftoversExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * The dashboard's endpoint in a running application with real workers: its page, and the reading it
 * polls, which shows a failed task, a map's progress up to its total, and a worker killed with
 * {@code SIGKILL} with its exit code and the last line it wrote to standard error (also in the
 * {@code childprocesses} endpoint).
 */
@ExtendWith(NoLeftoversExtension.class)
@NoLeftoversExtension.PerClass
@SpringBootTest(
        classes = TestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "multiprocess.pool.processes=2",
            "multiprocess.pool.startup=eager",
            "multiprocess.child.jvm-options=-Xmx64m",
            "multiprocess.dashboard.enabled=true",
            "management.endpoints.web.exposure.include=childprocesses,processdashboard"
        })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ProcessDashboardIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    Pool pool;

    @Autowired
    ProcessContext context;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(WAIT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response;
    }

    private String data() throws IOException, InterruptedException {
        return get("/actuator/processdashboard/data").body();
    }

    @Test
    void thePageIsServedUnderTheActuator() throws Exception {
        HttpResponse<String> page = get("/actuator/processdashboard");
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<title>multiprocess dashboard</title>", "/data");
    }

    @Test
    void theReadingListsTheWorkersWithTheirMemoryAndTheApplicationsHeap() throws Exception {
        data();
        String data = data();
        assertThat(JsonPath.<Integer>read(data, "$.application.heapUsedBytes")).isPositive();
        List<Map<String, Object>> workers = JsonPath.read(data, "$.processes[?(@.role == 'pool_worker')]");
        assertThat(workers).hasSizeGreaterThanOrEqualTo(2).allSatisfy(worker -> {
            assertThat(worker.get("pool")).isEqualTo("multiprocessPool");
            assertThat(((Number) worker.get("rssBytes")).longValue()).isPositive();
            assertThat(worker.get("cpuPercent")).isNotNull();
            assertThat(worker.get("uptime")).isNotNull();
            assertThat(((Number) worker.get("heapUsedBytes")).longValue())
                    .as("the dashboard turns the children's performance data on")
                    .isPositive();
        });
        assertThat(JsonPath.<List<Object>>read(data, "$.pools[0].workerPids")).hasSize(2);
    }

    @Test
    void aFailedTaskShowsAsFailedAndAMapsProgressReachesItsTotal() throws Exception {
        data(); // someone watches from now on
        Throwable failed = catchThrowable(() -> pool.apply(() -> {
            throw new IllegalStateException("dashboard test");
        }));
        assertThat(failed).isInstanceOf(TaskFailedException.class);
        assertThat(pool.map(x -> x + 1, IntStream.range(0, 40).boxed().toList(), 4))
                .hasSize(40);

        String data = data();
        assertThat(JsonPath.<List<String>>read(data, "$.pools[0].tasks[*].outcome"))
                .contains("failed", "completed");
        List<Map<String, Object>> maps = JsonPath.read(data, "$.pools[0].maps[?(@.total == 40)]");
        assertThat(maps).singleElement().satisfies(map -> {
            assertThat(map.get("done")).isEqualTo(40);
            assertThat(map.get("finished")).isEqualTo(true);
            assertThat(map.get("name")).isEqualTo("map");
        });
        assertThat(JsonPath.<List<Integer>>read(data, "$.pools[0].throughput[*].tasks").stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void aRunningTaskShowsOnItsWorkersLaneUntilItEnds(@TempDir Path dir) throws Exception {
        data(); // someone watches from now on: starts are followed
        String go = dir.resolve("go").toString();
        AsyncResult<Long> result = pool.applyAsync(() -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(Path.of(go)) && System.nanoTime() < end) {
                Thread.sleep(5);
            }
            return ProcessHandle.current().pid();
        });
        Awaitility.await()
                .atMost(WAIT)
                .until(() -> !JsonPath.<List<Object>>read(data(), "$.pools[0].running")
                        .isEmpty());
        List<Number> running = JsonPath.read(data(), "$.pools[0].running[*].workerPid");
        Files.createFile(Path.of(go));
        long pid = result.get(60, TimeUnit.SECONDS);
        assertThat(running.stream().map(Number::longValue)).contains(pid);
        Awaitility.await()
                .atMost(WAIT)
                .until(() -> JsonPath.<List<Object>>read(data(), "$.pools[0].running[?(@.workerPid == " + pid + ")]")
                        .isEmpty());
    }

    @Test
    void aKilledWorkerShowsWithItsExitCodeAndItsLastWordsAndIsReplaced() throws Exception {
        long pid = pool.apply(() -> {
            System.err.println(
                    "dashboard test: last words of " + ProcessHandle.current().pid());
            return ProcessHandle.current().pid();
        });
        assertThat(ProcessHandle.of(pid)).hasValueSatisfying(ProcessHandle::destroyForcibly);

        Awaitility.await()
                .atMost(WAIT)
                .until(() -> !JsonPath.<List<Object>>read(data(), "$.pools[0].deadWorkers[?(@.pid == " + pid + ")]")
                        .isEmpty());
        String data = data();
        Map<String, Object> dead = JsonPath.<List<Map<String, Object>>>read(
                        data, "$.pools[0].deadWorkers[?(@.pid == " + pid + ")]")
                .get(0);
        assertThat(dead.get("exitCode")).isEqualTo(-9);
        assertThat(dead.get("signal")).isEqualTo(9);
        assertThat(dead.get("stderrTail").toString()).contains("dashboard test: last words of " + pid);

        String children = get("/actuator/childprocesses").body();
        List<Map<String, Object>> listed = JsonPath.read(children, "$.deadWorkers[?(@.pid == " + pid + ")]");
        assertThat(listed).singleElement().satisfies(worker -> {
            assertThat(worker.get("exitCode")).isEqualTo(-9);
            assertThat(worker.get("pool")).isEqualTo("multiprocessPool");
            assertThat(worker.get("ago").toString()).endsWith(" ago");
        });
        assertThat(JsonPath.<List<String>>read(children, "$.children[*].uptimeText"))
                .isNotEmpty()
                .allSatisfy(text -> assertThat(text).matches("\\d+(\\.\\d)?( ms| s|s|m \\d+s|h \\d+m)"));

        Awaitility.await().atMost(WAIT).until(() -> pool.stats().readyWorkers() == 2);
    }

    @Test
    void aPoolAndAQueueTheContextBeanMakesAtRunTimeShowWithTheWorkersHeapAndTheDepth() throws Exception {
        ProcessQueue<String> queue = context.queue(10);
        try (Pool extra = context.withJvmOptions("-XX:+UsePerfData").pool(1)) {
            long pid = extra.apply(() -> ProcessHandle.current().pid());
            queue.put("one");
            queue.put("two");
            data();
            String data = data();
            List<Map<String, Object>> pools = JsonPath.read(data, "$.pools[?(@.workerPids[0] == " + pid + ")]");
            assertThat(pools)
                    .singleElement()
                    .satisfies(view -> assertThat((String) view.get("name")).matches("pool-\\d+"));
            String name = (String) pools.get(0).get("name");
            List<Map<String, Object>> worker = JsonPath.read(data, "$.processes[?(@.pid == " + pid + ")]");
            assertThat(worker).singleElement().satisfies(row -> {
                assertThat(row.get("pool")).isEqualTo(name);
                assertThat(((Number) row.get("heapUsedBytes")).longValue()).isPositive();
                assertThat(((Number) row.get("heapMaxBytes")).longValue()).isPositive();
            });
            List<Map<String, Object>> queues = JsonPath.read(data, "$.queues[?(@.maxsize == 10)]");
            assertThat(queues).singleElement().satisfies(row -> {
                assertThat(row.get("kind")).isEqualTo("ProcessQueue");
                assertThat(row.get("depth")).isEqualTo(2);
            });
        } finally {
            queue.close();
        }
        assertThat(JsonPath.<List<Object>>read(data(), "$.queues[?(@.maxsize == 10)]"))
                .as("a closed queue is not listed")
                .isEmpty();
    }
}
