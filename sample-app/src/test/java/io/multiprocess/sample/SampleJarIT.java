package io.multiprocess.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as users run it: {@code java -jar} on the repackaged Spring Boot jar, whose nested jars a
 * child JVM's class path cannot reach. Its children must start anyway (the library extracts the jar's class
 * path), and none may be left when the service stops.
 */
class SampleJarIT {

    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private Process service;

    @AfterEach
    void stopTheService() throws InterruptedException {
        if (service != null && service.isAlive()) {
            service.destroyForcibly();
            service.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void aChildOfTheExecutableJarRunsAndNoProcessIsLeft() throws Exception {
        Path jar = Path.of(System.getProperty("sample.jar"));
        assertThat(jar).isRegularFile();
        int port = freePort();
        Path log = dir.resolve("service.log");
        Path cache = dir.resolve("cache");
        service = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dmultiprocess.cache.dir=" + cache,
                        "-jar",
                        jar.toString(),
                        "--server.port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        awaitUp(port, log);

        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/isolated/exit?code=7"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(LIMIT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(Files.readString(log)).isEqualTo(200);
        assertThat(response.body()).contains("\"exitCode\":7").contains("\"service\":" + service.pid());
        Matcher pid = Pattern.compile("\"pid\":(\\d+)").matcher(response.body());
        assertThat(pid.find()).isTrue();
        long child = Long.parseLong(pid.group(1));
        assertThat(child).isNotEqualTo(service.pid());
        assertThat(ProcessHandle.of(child).filter(ProcessHandle::isAlive)).isEmpty();

        // The isolation pool's worker, from the fat jar too: System.exit ends the worker, not the service.
        HttpResponse<String> exit = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/misbehave/exit"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(LIMIT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(exit.statusCode()).as(exit.body()).isEqualTo(502);
        assertThat(exit.body()).contains("WorkerLostException");
        HttpResponse<String> behave = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/misbehave/behave"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .timeout(LIMIT)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(behave.statusCode()).as(behave.body()).isEqualTo(200);

        try (Stream<Path> extracted = Files.list(cache.resolve("jars"))) {
            List<Path> dirs = extracted.toList();
            assertThat(dirs)
                    .singleElement()
                    .satisfies(d -> assertThat(d.resolve("classes.jar")).isRegularFile());
        }

        service.destroy();
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ProcessHandle.current()
                        .descendants()
                        .filter(ProcessHandle::isAlive)
                        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")))
                .isEmpty();
    }

    private void awaitUp(int port, Path log) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (true) {
            assertThat(service.isAlive())
                    .as("the service exited: %s", Files.readString(log))
                    .isTrue();
            try {
                HttpResponse<String> children = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/children"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (children.statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notYet) {
                // Still starting.
            }
            assertThat(System.nanoTime())
                    .as("the service did not come up: %s", Files.readString(log))
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
