package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of the real server: valid Prometheus text (checked by Prometheus' own parser through
 * {@code promtool check metrics} when installed, and always by {@link PrometheusTextParser}), figures that move
 * when traces, logs and metrics are ingested, and the self-monitoring loop making them queryable in PromQL.
 */
class MetricsEndpointIT {
    @TempDir
    Path data;

    @Test
    void scrapedFiguresMoveWithIngestAndSelfMonitoringMakesThemQueryable() throws Exception {
        try (InProcessServer s = InProcessServer.start(data, "--self_monitoring.enabled=true",
                "--self_monitoring.interval=1s")) {
            Map<String, Double> before = scrape(s);
            assertThat(before).containsKeys("jvm_memory_used_bytes{area=\"heap\"}", "sightline_ingest_queue_bytes",
                    "sightline_wal_fsync_duration_seconds_count", "sightline_index_apply_lag_seconds",
                    "sightline_storage_disk_bytes{signal=\"wal\"}", "sightline_storage_partitions{signal=\"logs\",store=\"log_index\"}",
                    "process_cpu_seconds_total");
            assertThat(before.get("jvm_memory_used_bytes{area=\"heap\"}")).isPositive();

            long now = System.currentTimeMillis() * 1_000_000L;
            String traceId = "5b8efff798038103d269b633813fc60c";
            post(s, "/v1/traces", """
                    {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
                     "scopeSpans":[{"spans":[
                      {"traceId":"%s","spanId":"eee19b7ec3c1b174","name":"POST /orders","kind":2,
                       "startTimeUnixNano":"%d","endTimeUnixNano":"%d"},
                      {"traceId":"%s","spanId":"","name":"no span id","startTimeUnixNano":"%d","endTimeUnixNano":"%d"}]}]}]}
                    """.formatted(traceId, now, now + 1000, traceId, now, now + 1000));
            post(s, "/v1/logs", """
                    {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
                     "scopeLogs":[{"logRecords":[{"timeUnixNano":"%d","severityText":"INFO","body":{"stringValue":"hi"}}]}]}]}
                    """.formatted(now));
            post(s, "/v1/metrics", """
                    {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
                     "scopeMetrics":[{"metrics":[{"name":"queue.depth","gauge":{"dataPoints":[{"asInt":"7","timeUnixNano":"%d"}]}}]}]}]}
                    """.formatted(now));
            assertThat(TestHttp.get(s.query("/api/traces/" + traceId)).status()).isEqualTo(200);
            // Requests refused as a whole: counted per signal and reason, not as records.
            assertThat(TestHttp.post(s.otlpHttp("/v1/logs"), "{\"resourceLogs\": [".getBytes(StandardCharsets.UTF_8),
                    "Content-Type", "application/json").status()).isEqualTo(400);
            assertThat(TestHttp.post(s.otlpHttp("/v1/traces"), "hello".getBytes(StandardCharsets.UTF_8),
                    "Content-Type", "text/plain").status()).isEqualTo(415);
            assertThat(TestHttp.post(s.otlpHttp("/api/v1/write"), "not snappy".getBytes(StandardCharsets.UTF_8),
                    "Content-Type", "application/x-protobuf", "Content-Encoding", "snappy").status()).isEqualTo(400);

            Map<String, Double> after = scrape(s);
            assertThat(delta(before, after,
                    "sightline_ingest_rejected_requests_total{reason=\"malformed\",signal=\"logs\"}")).isEqualTo(1);
            assertThat(delta(before, after,
                    "sightline_ingest_rejected_requests_total{reason=\"unsupported_media_type\",signal=\"traces\"}"))
                    .isEqualTo(1);
            assertThat(delta(before, after,
                    "sightline_ingest_rejected_requests_total{reason=\"malformed\",signal=\"metrics\"}")).isEqualTo(1);
            assertThat(delta(before, after, "sightline_ingest_records_total{signal=\"traces\"}")).isEqualTo(1);
            assertThat(delta(before, after, "sightline_ingest_records_total{signal=\"logs\"}")).isEqualTo(1);
            assertThat(delta(before, after, "sightline_ingest_records_total{signal=\"metrics\"}")).isGreaterThanOrEqualTo(1);
            assertThat(delta(before, after, "sightline_ingest_rejected_records_total{reason=\"invalid\",signal=\"traces\"}"))
                    .isEqualTo(1);
            assertThat(delta(before, after, "sightline_wal_fsync_duration_seconds_count")).isGreaterThanOrEqualTo(3);
            assertThat(after.get("sightline_wal_fsync_duration_seconds_bucket{le=\"+Inf\"}"))
                    .isEqualTo(after.get("sightline_wal_fsync_duration_seconds_count"));
            assertThat(after.get("sightline_query_duration_seconds_count{endpoint=\"/api/traces/{traceId}\"}"))
                    .isEqualTo(1);
            assertThat(after.get("sightline_query_requests_total{code=\"2xx\",endpoint=\"/api/traces/{traceId}\"}"))
                    .isEqualTo(1);
            assertThat(after.get("sightline_storage_disk_bytes{signal=\"traces\"}")).isPositive();
            assertThat(after.get("sightline_storage_partitions{signal=\"traces\",store=\"trace_store\"}")).isEqualTo(1);
            assertThat(after.get("sightline_metric_series")).isGreaterThanOrEqualTo(1);

            // Self-monitoring: the same series, with job="sightline", in the metric store and in PromQL.
            String promql = URLEncoder.encode("sightline_ingest_records_total{job=\"sightline\",signal=\"traces\"}",
                    StandardCharsets.UTF_8);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode r = TestHttp.get(s.query("/api/v1/query?query=" + promql)).json();
                assertThat(r.path("data").path("result")).hasSize(1);
                assertThat(r.path("data").path("result").get(0).path("value").get(1).asText()).isEqualTo("1");
            });
        }
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    private static void post(InProcessServer s, String path, String json) throws Exception {
        TestHttp.Response r = TestHttp.post(s.otlpHttp(path), json.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
    }

    /** Scrapes, checks the text with promtool (when installed) and with the Java parser, returns series → value. */
    private static Map<String, Double> scrape(InProcessServer s) throws Exception {
        TestHttp.Response r = TestHttp.get(s.query("/metrics"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("text/plain; version=0.0.4");
        String promtool = promtool();
        if (promtool != null) {
            Process p = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
            p.getOutputStream().write(r.body());
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("promtool check metrics said:\n" + out).isZero();
        } else {
            System.out.println("MetricsEndpointIT: promtool not installed (Debian package prometheus); "
                    + "checked with the Java parser only");
        }
        return PrometheusTextParser.parse(r.text());
    }

    private static String promtool() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        for (String dir : dirs) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
