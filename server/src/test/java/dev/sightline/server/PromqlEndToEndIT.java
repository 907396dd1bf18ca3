package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PromQL over data that came in through OTLP: a cumulative counter growing one per second in two services,
 * read back with rate(), sum by (job), and a range query, through the real server.
 */
class PromqlEndToEndIT {
    static final String EXEMPLAR_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @TempDir
    Path data;

    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    @Test
    void rateAndSumOverOtlpCounters() throws Exception {
        long endMs = System.currentTimeMillis() / 15_000 * 15_000;
        long startMs = endMs - 10 * 60_000;
        ExportMetricsServiceRequest.Builder req = ExportMetricsServiceRequest.newBuilder();
        for (String service : new String[] {"checkout", "cart"}) {
            for (String instance : new String[] {"a", "b"}) {
                Sum.Builder sum = Sum.newBuilder().setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
                for (long t = startMs; t <= endMs; t += 15_000) {
                    NumberDataPoint.Builder p = NumberDataPoint.newBuilder().setTimeUnixNano(t * 1_000_000L)
                            .setStartTimeUnixNano(startMs * 1_000_000L - 1).setAsDouble((t - startMs) / 1000.0);
                    if (t == endMs && service.equals("checkout") && instance.equals("a")) {
                        p.addExemplars(Exemplar.newBuilder().setTimeUnixNano(t * 1_000_000L).setAsDouble(1)
                                .setTraceId(ByteString.copyFrom(dev.sightline.storage.model.HexIds.fromHex(EXEMPLAR_TRACE)))
                                .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})));
                    }
                    sum.addDataPoints(p);
                }
                req.addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(kv("service.name", service))
                                .addAttributes(kv("service.instance.id", instance)))
                        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder()
                                .setName("http.server.requests").setSum(sum))));
            }
        }
        try (InProcessServer server = InProcessServer.start(data)) {
            TestHttp.Response sent = TestHttp.post(server.otlpHttp("/v1/metrics"), req.build().toByteArray(),
                    "Content-Type", "application/x-protobuf");
            assertThat(sent.status()).isEqualTo(200);
            double at = endMs / 1000.0;

            JsonNode rate = query(server, "/api/v1/query?query=" + enc("rate(http_server_requests_total[5m])")
                    + "&time=" + at);
            assertThat(rate.at("/data/resultType").asText()).isEqualTo("vector");
            assertThat(rate.at("/data/result")).hasSize(4);
            for (JsonNode r : rate.at("/data/result")) {
                assertThat(r.at("/metric/__name__").isMissingNode()).as("rate drops the name").isTrue();
                assertThat(Double.parseDouble(r.at("/value/1").asText())).isCloseTo(1.0, within(1e-9));
            }

            JsonNode sum = query(server, "/api/v1/query?query="
                    + enc("sum by (job) (rate(http_server_requests_total[5m]))") + "&time=" + at);
            assertThat(sum.at("/data/result")).hasSize(2);
            for (JsonNode r : sum.at("/data/result")) {
                assertThat(r.at("/metric/job").asText()).isIn("checkout", "cart");
                assertThat(Double.parseDouble(r.at("/value/1").asText())).isCloseTo(2.0, within(1e-9));
            }

            JsonNode range = query(server, "/api/v1/query_range?query=" + enc("sum(http_server_requests_total)")
                    + "&start=" + (startMs / 1000) + "&end=" + (endMs / 1000) + "&step=60");
            assertThat(range.at("/data/resultType").asText()).isEqualTo("matrix");
            JsonNode values = range.at("/data/result/0/values");
            assertThat(values).hasSize(11);
            assertThat(Double.parseDouble(values.get(10).get(1).asText())).isEqualTo(4 * 600.0);

            // The exemplar of the last point names a trace: the correlation lookup by that trace ID finds it.
            JsonNode corr = TestHttp.get(server.query("/api/correlations/" + EXEMPLAR_TRACE)).json();
            assertThat(corr.at("/exemplars/0/seriesLabels/__name__").asText()).isEqualTo("http_server_requests_total");
            assertThat(corr.at("/exemplars/0/exemplars/0/labels/trace_id").asText()).isEqualTo(EXEMPLAR_TRACE);
            assertThat(corr.get("traces")).as("no span of that trace was sent").isEmpty();

            // promtool, Prometheus' own client, against the real server (when Debian's prometheus is installed).
            String promtool = promtool();
            if (promtool != null) {
                long atSec = endMs / 1000;
                assertThat(run(promtool, "query", "instant", "--time=" + atSec, "http://127.0.0.1:" + server.server.queryPort(),
                        "sort(round(sum by (job) (rate(http_server_requests_total[5m])), 0.001))"))
                        .isEqualTo("{job=\"cart\"} => 2 @[" + atSec + "]\n{job=\"checkout\"} => 2 @[" + atSec + "]");
                assertThat(run(promtool, "query", "range", "--start=" + (atSec - 120), "--end=" + atSec, "--step=60s",
                        "http://127.0.0.1:" + server.server.queryPort(), "sum(http_server_requests_total)"))
                        .isEqualTo("{} =>\n" + 4 * 480 + " @[" + (atSec - 120) + "]\n" + 4 * 540 + " @[" + (atSec - 60)
                                + "]\n" + 4 * 600 + " @[" + atSec + "]");
            } else {
                System.out.println("promtool not installed: its part of PromqlEndToEndIT skipped");
            }

            TestHttp.Response bad = TestHttp.get(server.query("/api/v1/query?query=" + enc("sum(")));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("errorType").asText()).isEqualTo("bad_data");
        }
    }

    private static JsonNode query(InProcessServer server, String path) throws Exception {
        TestHttp.Response r = TestHttp.get(server.query(path));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("success");
        return r.json();
    }

    private static String promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            java.nio.file.Path p = java.nio.file.Path.of(dir, "promtool");
            if (java.nio.file.Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.strip();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
