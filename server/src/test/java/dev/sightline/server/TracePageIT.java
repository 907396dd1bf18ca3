package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page in real Chromium: a real server gets traces (and logs, when it has the logs API) from the
 * OpenTelemetry SDK, then {@code ui/src/test/browser/page-tests.mjs} (playwright-core driving Debian's
 * {@code chromium}) searches, opens traces, reads the waterfall and span details, follows deep links, checks
 * that markup in telemetry stays text, and renders a 10,000-span trace. The script runs once; each test here
 * checks one of its scenarios. Screenshots of every view go to {@code target/screenshots/}.
 *
 * <p>Skipped, with the reason, when chromium, node or the script's node_modules are missing ({@code .ci/run}
 * installs them).
 */
class TracePageIT {
    private static final Path BROWSER_DIR = Path.of(System.getProperty("sightline.browser.dir", "../ui/src/test/browser"));
    private static final Path SHOTS = Path.of(System.getProperty("sightline.screenshots.dir", "target/screenshots"));
    private static final String CHROMIUM = System.getenv().getOrDefault("SIGHTLINE_CHROMIUM", "/usr/bin/chromium");

    @TempDir
    static Path data;
    static InProcessServer server;
    static GeneratedTraces shop;
    static PageTraces page;
    static boolean logsAvailable;
    static final Map<String, String[]> results = new HashMap<>();
    static final List<String> output = new ArrayList<>();
    static JsonNode waterfallRows;

    @BeforeAll
    static void runBrowser() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(CHROMIUM)),
                "page tests skipped: no chromium at " + CHROMIUM + " (apt-get install -y chromium; .ci/run does)");
        Assumptions.assumeTrue(run(BROWSER_DIR, 30, "node", "--version") == 0,
                "page tests skipped: node is not on the PATH");
        if (!Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core"))) {
            Assumptions.assumeTrue(run(BROWSER_DIR, 300, "npm", "ci", "--no-audit", "--no-fund") == 0,
                    "page tests skipped: `npm ci` failed in " + BROWSER_DIR.toAbsolutePath());
        }
        server = InProcessServer.start(data);
        shop = GeneratedTraces.export(server.grpcEndpoint(), 42, 12, 1);
        int linked = shop.traceIds.size() - 1;
        String linkedTrace = shop.traceIds.get(linked);
        String linkedSpan = shop.spans.stream().filter(s -> s.traceId().equals(linkedTrace) && s.parentId() == null)
                .findFirst().orElseThrow().spanId();
        page = PageTraces.export(server.grpcEndpoint(), io.opentelemetry.api.trace.SpanContext.create(linkedTrace,
                linkedSpan, io.opentelemetry.api.trace.TraceFlags.getSampled(),
                io.opentelemetry.api.trace.TraceState.getDefault()));
        // Searchable once the span index has refreshed.
        await().atMost(Duration.ofSeconds(20)).until(() -> TestHttp.get(server.query(
                "/api/correlations/" + PageTraces.REQUEST_ID)).status() == 200
                && TestHttp.get(server.query("/api/correlations/" + PageTraces.REQUEST_ID)).json().get("traces").size() == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> TestHttp.get(server.query(
                "/api/traces?service=frontend&limit=50&start=" + ((System.currentTimeMillis() - 2 * 86_400_000L) * 1000)))
                .json().get("data").size() == shop.traceIds.size());
        logsAvailable = TestHttp.get(server.query("/api/traces/" + page.traceId + "/logs")).status() != 404;
        if (logsAvailable) {
            await().atMost(Duration.ofSeconds(10)).until(() -> logCount() == PageTraces.LOG_COUNT);
        }

        Path fixture = Files.createDirectories(Path.of("target")).resolve("page-fixture.json");
        Files.writeString(fixture, TestHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(fixture()));
        Files.createDirectories(SHOTS);
        ProcessBuilder pb = new ProcessBuilder("node", "page-tests.mjs", fixture.toAbsolutePath().toString(),
                SHOTS.toAbsolutePath().toString()).directory(BROWSER_DIR.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        output.add(line);
                    }
                    System.out.println("[page-tests] " + line);
                }
            } catch (IOException e) {
                System.out.println("[page-tests] output lost: " + e);
            }
        });
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("page-tests.mjs did not finish within 240 s; output so far:\n" + String.join("\n", output));
        }
        reader.join(5_000);
        synchronized (output) {
            for (String line : output) {
                if (line.startsWith("RESULT ")) {
                    String[] parts = line.split(" ", 4);
                    results.put(parts[1], new String[] {parts[2], parts.length > 3 ? parts[3] : ""});
                } else if (line.startsWith("ROWS waterfall ")) {
                    waterfallRows = TestHttp.JSON.readTree(line.substring("ROWS waterfall ".length()));
                }
            }
        }
    }

    private static int logCount() throws Exception {
        JsonNode body = TestHttp.get(server.query("/api/traces/" + page.traceId + "/logs")).json();
        JsonNode records = body.has("records") ? body.get("records") : body.get("data");
        return records == null ? -1 : records.size();
    }

    private static ObjectNode fixture() {
        ObjectNode f = TestHttp.JSON.createObjectNode();
        f.put("baseUrl", server.query(""));
        f.put("chromium", CHROMIUM);
        shop.traceIds.forEach(f.putArray("frontendTraceIds")::add);
        ObjectNode counts = f.putObject("spanCounts");
        shop.spanCounts.forEach(counts::put);
        ObjectNode pt = f.putObject("pageTrace");
        pt.put("traceId", page.traceId);
        ObjectNode spans = pt.putObject("spans");
        page.spans.forEach(spans::put);
        f.put("linkedTraceId", shop.traceIds.get(shop.traceIds.size() - 1));
        f.put("correlationId", PageTraces.REQUEST_ID);
        f.putArray("correlationTraceIds").add(page.traceId).add(page.retryTraceId);
        ObjectNode xss = f.putObject("xss");
        xss.put("script", PageTraces.XSS_SCRIPT);
        xss.put("img", PageTraces.XSS_IMG);
        xss.put("status", PageTraces.XSS_STATUS);
        xss.put("logBody", PageTraces.XSS_LOG);
        f.put("bigTraceId", page.bigTraceId);
        f.put("bigSpanCount", page.bigSpanCount);
        f.put("logsAvailable", logsAvailable);
        f.put("logCount", PageTraces.LOG_COUNT);
        return f;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void expectOk(String scenario) {
        String[] r = results.get(scenario);
        if (r == null) {
            fail("scenario " + scenario + " did not report; output:\n" + String.join("\n", output));
        }
        if (r[0].equals("skip")) {
            Assumptions.abort(scenario + ": " + r[1]);
        }
        assertThat(r[0]).as("scenario %s: %s (screenshot target/screenshots/failed-%s.png)", scenario, r[1], scenario)
                .isEqualTo("ok");
    }

    @Test
    void searchFormFindsTracesWithScatterChartAndSorting() {
        expectOk("search");
    }

    @Test
    void resultOpensTheTrace() {
        expectOk("open-trace");
    }

    @Test
    void waterfallHasOneRowPerSpanInTreeOrder() {
        expectOk("waterfall");
        List<List<Object>> expected = new ArrayList<>();
        page.spans.forEach((name, id) -> expected.add(List.of(id, page.depths.get(name) + 1)));
        List<List<Object>> actual = new ArrayList<>();
        waterfallRows.forEach(row -> actual.add(List.of(row.get(0).asText(), row.get(1).asInt())));
        assertThat(actual).as("rows as [span ID, aria-level], depth first, children by start time")
                .containsExactlyElementsOf(expected);
    }

    @Test
    void spanDetailsShowAttributesResourceEventsAndLinks() {
        expectOk("span-details");
    }

    @Test
    void deepLinksReopenTheSameView() {
        expectOk("deep-link");
    }

    @Test
    void lookupBoxTakesTraceIdsAndCorrelationIds() {
        expectOk("lookup-box");
    }

    @Test
    void markupInTelemetryIsShownAsText() {
        expectOk("xss");
    }

    @Test
    void criticalPathIsHighlighted() {
        expectOk("critical-path");
    }

    @Test
    void waterfallIsKeyboardUsable() {
        expectOk("keyboard");
    }

    @Test
    void logsPanelListsTheTraceLogsAndSelectsTheirSpans() {
        expectOk("logs-panel");
    }

    @Test
    void logsViewSearchesAndOpensTraces() {
        expectOk("logs-view");
    }

    @Test
    void logsPanelAndViewFollowTheLogsApiContract() {
        expectOk("logs-contract");
    }

    @Test
    void tenThousandSpanTraceRendersVirtualised() {
        expectOk("big-trace");
        String budget = output.stream().filter(l -> l.startsWith("BUDGET big-trace")).findFirst().orElseThrow();
        System.out.println("10,000-span trace: " + budget);
    }

    @Test
    void narrowWindowHasNoHorizontalScroll() {
        expectOk("narrow");
    }

    @Test
    void nothingLoadedFromOutsideAndNoScriptErrors() {
        expectOk("offline-and-clean");
    }

    private static int run(Path dir, int timeoutSeconds, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
