package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTLP metrics with exemplars and the trace they point at → a PromQL error-rate rule fires → the webhook payload
 * names that trace in its evidence, and {@code /api/traces/{id}} returns it.
 */
class AlertEndToEndIT {
    @TempDir
    Path data;

    @TempDir
    Path rules;

    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    @Test
    void otlpErrorsFireARuleWhoseWebhookNamesATraceThatExists() throws Exception {
        Random random = new Random(42);
        byte[] traceId = OtlpRequests.randomId(random, 16);
        byte[] spanId = OtlpRequests.randomId(random, 8);
        String trace = HexFormat.of().formatHex(traceId);

        List<JsonNode> payloads = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            payloads.add(TestHttp.JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        try {
            Files.writeString(rules.resolve("receivers.yaml"), "route:\n  group_wait: 0s\n"
                    + "receivers:\n  - name: ops\n    url: http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hook\n");
            Files.writeString(rules.resolve("errors.yml"), """
                    groups:
                      - name: errors
                        interval: 1s
                        rules:
                          - alert: CheckoutErrorRate
                            expr: sum by (job) (rate(checkout_errors_total[5m])) > 0.1
                            annotations:
                              summary: "{{ $labels.job }}: {{ $value | humanize }} errors/s"
                    """);
            try (InProcessServer s = InProcessServer.start(data, "--alerting.rules_dir=" + rules,
                    "--alerting.external_url=http://sightline.example")) {
                long endMs = System.currentTimeMillis() / 1000 * 1000;
                long startMs = endMs - 4 * 60_000;
                Sum.Builder sum = Sum.newBuilder().setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
                for (long t = startMs; t <= endMs; t += 15_000) {
                    NumberDataPoint.Builder p = NumberDataPoint.newBuilder().setTimeUnixNano(t * 1_000_000L)
                            .setStartTimeUnixNano(startMs * 1_000_000L - 1).setAsDouble((t - startMs) / 1000.0);
                    if (t == endMs - 30_000) {
                        p.addExemplars(Exemplar.newBuilder().setTimeUnixNano(t * 1_000_000L).setAsDouble(1)
                                .setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(spanId)));
                    }
                    sum.addDataPoints(p);
                }
                ExportMetricsServiceRequest metrics = ExportMetricsServiceRequest.newBuilder()
                        .addResourceMetrics(ResourceMetrics.newBuilder()
                                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "checkout")))
                                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder()
                                        .setName("checkout.errors").setSum(sum))))
                        .build();
                assertThat(TestHttp.post(s.otlpHttp("/v1/traces"), OtlpRequests.request("checkout", List.of(
                        OtlpRequests.span(traceId, spanId, "POST /checkout", (endMs - 30_000) * 1_000_000L,
                                (endMs - 29_000) * 1_000_000L))).toByteArray(),
                        "Content-Type", "application/x-protobuf").status()).isEqualTo(200);
                assertThat(TestHttp.post(s.otlpHttp("/v1/metrics"), metrics.toByteArray(),
                        "Content-Type", "application/x-protobuf").status()).isEqualTo(200);

                await().atMost(Duration.ofSeconds(30)).until(() -> !payloads.isEmpty());
                JsonNode p = payloads.getFirst();
                assertThat(p.get("status").asText()).isEqualTo("firing");
                JsonNode alert = p.at("/alerts/0");
                assertThat(alert.at("/labels/alertname").asText()).isEqualTo("CheckoutErrorRate");
                assertThat(alert.at("/labels/job").asText()).isEqualTo("checkout");
                assertThat(alert.at("/annotations/summary").asText()).matches("checkout: [0-9.]+m? errors/s");
                assertThat(alert.at("/annotations/evidence_trace_ids").asText()).isEqualTo(trace);
                assertThat(alert.at("/annotations/evidence_url").asText())
                        .isEqualTo("http://sightline.example/trace/" + trace);

                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(TestHttp.get(s.query("/api/traces/" + trace)).status()).isEqualTo(200));
                JsonNode t = TestHttp.get(s.query("/api/traces/" + trace)).json();
                assertThat(t.at("/data/0/traceID").asText()).isEqualTo(trace);
            }
        } finally {
            receiver.stop(0);
        }
    }
}
