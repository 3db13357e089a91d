package io.multiprocess.sample;

import com.jayway.jsonpath.JsonPath;
import io.multiprocess.testing.OsProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Debian's headless Chromium driven over the DevTools protocol with the JDK's own HTTP client and
 * WebSocket: no WebDriver, no new dependency. Enough for a test: open a page, evaluate JavaScript in it.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final List<String> output = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();

    HeadlessChromium(Path profile) throws Exception {
        process = new ProcessBuilder(
                        EXECUTABLE.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--remote-allow-origins=*",
                        "--remote-debugging-port=0",
                        "--user-data-dir=" + profile,
                        "about:blank")
                .redirectErrorStream(true)
                .start();
        CompletableFuture<String> browser = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(browser), "chromium-output");
        reader.setDaemon(true);
        reader.start();
        String browserUrl = browser.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        URI base = URI.create(browserUrl.replaceFirst("^ws://", "http://"));
        String list = http.send(
                        HttpRequest.newBuilder(base.resolve("/json/list"))
                                .timeout(WAIT)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        List<String> pages = JsonPath.read(list, "$[?(@.type == 'page')].webSocketDebuggerUrl");
        if (pages.isEmpty()) {
            throw new IllegalStateException("Chromium has no page to drive: " + list);
        }
        socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(pages.get(0)), new Listener())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private void read(CompletableFuture<String> browser) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    browser.complete(listening.group(1));
                }
            }
            browser.completeExceptionally(new IllegalStateException(
                    "Chromium exited (" + process.waitFor() + ") before listening: " + output()));
        } catch (IOException | InterruptedException e) {
            browser.completeExceptionally(e);
        }
    }

    /** What Chromium printed so far, for failure messages. */
    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Opens a page (it loads in the background). */
    void navigate(String url) throws Exception {
        call("Page.navigate", "{\"url\":" + quote(url) + "}");
    }

    /** Sizes the page's window, in CSS pixels. */
    void viewport(int width, int height) throws Exception {
        call(
                "Emulation.setDeviceMetricsOverride",
                "{\"width\":" + width + ",\"height\":" + height + ",\"deviceScaleFactor\":1,\"mobile\":false}");
    }

    /** A PNG of the page as it is drawn now (the window's size). */
    byte[] screenshot() throws Exception {
        String response = call("Page.captureScreenshot", "{\"format\":\"png\"}");
        String data = JsonPath.read(response, "$.result.data");
        return java.util.Base64.getDecoder().decode(data);
    }

    /**
     * The value of a JavaScript expression evaluated in the page, as JSON ({@code null} if undefined).
     */
    Object evaluate(String expression) throws Exception {
        String response = call(
                "Runtime.evaluate",
                "{\"expression\":" + quote(expression) + ",\"returnByValue\":true,\"awaitPromise\":true}");
        List<Object> thrown = JsonPath.read(response, "$..exceptionDetails");
        if (!thrown.isEmpty()) {
            throw new IllegalStateException("the page threw: " + response);
        }
        Map<String, Object> result = JsonPath.read(response, "$.result.result");
        return result.get("value");
    }

    /** Waits until the expression's value, as text, is the one expected. */
    void awaitText(String expression, String expected) {
        Awaitility.await(expression)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> String.valueOf(evaluate(expression)), value -> value.equals(expected));
    }

    private String call(String method, String params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<String> response = new CompletableFuture<>();
        pending.put(id, response);
        socket.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true)
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        String body = response.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (body.contains("\"error\":{")) {
            throw new IllegalStateException(method + " failed: " + body);
        }
        return body;
    }

    static String quote(String text) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    /** Closes the browser and waits until every one of its processes has exited. */
    @Override
    public void close() throws Exception {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        if (socket != null) {
            socket.abort();
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        all.forEach(ProcessHandle::destroyForcibly);
        Awaitility.await("Chromium's processes exit")
                .atMost(WAIT)
                .until(() -> all.stream().allMatch(p -> OsProcesses.hasExited(p.pid())));
    }

    /** Collects the responses, which may come in several frames. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                String text = message.toString();
                message.setLength(0);
                if (text.startsWith("{\"id\":")) {
                    Number id = JsonPath.read(text, "$.id");
                    CompletableFuture<String> waiting = pending.remove(id.intValue());
                    if (waiting != null) {
                        waiting.complete(text);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
