package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's end-to-end test through the real server and the OpenTelemetry SDK: spans with errors → span metrics
 * named as the Collector's span-metrics connector names them → a PromQL error-rate rule fires → the webhook
 * payload names a trace that {@code /api/traces/{id}} returns; the rule's recording twin and ALERTS are
 * queryable through {@code /api/v1/query}; a log rule fires with matching log lines as evidence.
 */
class SpanMetricsAlertIT {
    @TempDir
    Path data;

    @TempDir
    Path rules;

    private final List<JsonNode> payloads = new CopyOnWriteArrayList<>();
    private HttpServer receiver;
    private InProcessServer server;

    @BeforeEach
    void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            payloads.add(TestHttp.JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        receiver.start();
        Files.writeString(rules.resolve("receivers.yaml"), "route:\n  group_wait: 0s\n"
                + "receivers:\n  - name: ops\n    url: http://127.0.0.1:"
                + receiver.getAddress().getPort() + "/hook\n");
        Files.writeString(rules.resolve("checkout.yml"), """
                groups:
                  - name: checkout
                    interval: 1s
                    rules:
                      - record: service:span_errors:rate5m
                        expr: sum by (service_name) (rate(traces_span_metrics_calls_total{status_code="STATUS_CODE_ERROR"}[5m]))
                      - alert: CheckoutErrorRate
                        expr: sum by (service_name) (rate(traces_span_metrics_calls_total{status_code="STATUS_CODE_ERROR", span_kind="SPAN_KIND_SERVER"}[5m])) > 0
                        annotations:
                          summary: "{{ $labels.service_name }} fails {{ $value | humanize }} requests/s"
                  - name: logs
                    interval: 1s
                    rules:
                      - alert: PaymentLogErrors
                        expr: count_over_time({__logs__="severity:ERROR AND service:payments"}[5m]) > 2
                        labels:
                          service: payments
                        annotations:
                          summary: "{{ $value }} payment errors in 5m"
                """);
        server = InProcessServer.start(data, "--alerting.rules_dir=" + rules,
                "--alerting.external_url=http://sightline.example", "--traces.span_metrics_flush_interval=1s");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        receiver.stop(0);
    }

    private Optional<JsonNode> alert(String name) {
        for (JsonNode p : payloads) {
            for (JsonNode a : p.path("alerts")) {
                if (a.at("/labels/alertname").asText().equals(name) && a.path("status").asText().equals("firing")) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    private JsonNode query(String promql) throws Exception {
        TestHttp.Response r = TestHttp.get(server.query("/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8)));
        assertThat(r.status()).as("query %s", promql).isEqualTo(200);
        return r.json().at("/data/result");
    }

    @Test
    void sdkSpansWithErrorsFireAnErrorRateRuleOverSpanMetricsWhoseWebhookNamesATraceThatExists() throws Exception {
        Set<String> errorTraces = new java.util.HashSet<>();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), "checkout"))))
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpGrpcSpanExporter.builder()
                        .setEndpoint(server.grpcEndpoint()).build()).build())
                .build()) {
            Tracer tracer = provider.get("checkout-test");
            for (int i = 0; i < 6; i++) {
                Span s = tracer.spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER).startSpan();
                if (i % 2 == 0) {
                    s.setStatus(StatusCode.ERROR, "card declined");
                    errorTraces.add(s.getSpanContext().getTraceId());
                }
                s.end();
            }
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> alert("CheckoutErrorRate").isPresent());
        JsonNode alert = alert("CheckoutErrorRate").orElseThrow();
        assertThat(alert.at("/labels/service_name").asText()).isEqualTo("checkout");
        assertThat(alert.at("/annotations/summary").asText()).startsWith("checkout fails ");
        String[] cited = alert.at("/annotations/evidence_trace_ids").asText().split(",");
        assertThat(cited).isNotEmpty();
        assertThat(errorTraces).contains(cited);
        assertThat(alert.at("/annotations/evidence_url").asText())
                .isEqualTo("http://sightline.example/trace/" + cited[0]);
        TestHttp.Response trace = TestHttp.get(server.query("/api/traces/" + cited[0]));
        assertThat(trace.status()).isEqualTo(200);
        assertThat(trace.json().at("/data/0/traceID").asText()).isEqualTo(cited[0]);

        // the connector's names, labels and buckets
        JsonNode calls = query("traces_span_metrics_calls_total{service_name=\"checkout\"}");
        List<String> statuses = new ArrayList<>();
        calls.forEach(r -> statuses.add(r.at("/metric/status_code").asText() + " " + r.at("/value/1").asText()));
        assertThat(statuses).containsExactlyInAnyOrder("STATUS_CODE_ERROR 3", "STATUS_CODE_UNSET 3");
        assertThat(calls.at("/0/metric/span_kind").asText()).isEqualTo("SPAN_KIND_SERVER");
        assertThat(calls.at("/0/metric/span_name").asText()).isEqualTo("POST /checkout");
        assertThat(query("traces_span_metrics_duration_milliseconds_bucket{service_name=\"checkout\","
                + "status_code=\"STATUS_CODE_ERROR\",le=\"+Inf\"}").at("/0/value/1").asText()).isEqualTo("3");
        assertThat(query("traces_span_metrics_duration_milliseconds_count{status_code=\"STATUS_CODE_ERROR\"}")
                .at("/0/value/1").asText()).isEqualTo("3");

        // the recording rule's output and ALERTS, through PromQL
        JsonNode recorded = query("service:span_errors:rate5m");
        assertThat(recorded).hasSize(1);
        assertThat(recorded.at("/0/metric/service_name").asText()).isEqualTo("checkout");
        assertThat(Double.parseDouble(recorded.at("/0/value/1").asText())).isPositive();
        JsonNode alerts = query("ALERTS{alertname=\"CheckoutErrorRate\"}");
        assertThat(alerts).hasSize(1);
        assertThat(alerts.at("/0/metric/alertstate").asText()).isEqualTo("firing");
        assertThat(alerts.at("/0/metric/service_name").asText()).isEqualTo("checkout");
        assertThat(alerts.at("/0/value/1").asText()).isEqualTo("1");
        JsonNode forState = query("ALERTS_FOR_STATE{alertname=\"CheckoutErrorRate\"}");
        assertThat(Double.parseDouble(forState.at("/0/value/1").asText()))
                .isBetween(System.currentTimeMillis() / 1000.0 - 120, System.currentTimeMillis() / 1000.0);
    }

    @Test
    void aLogRuleFiresWithMatchingLogLinesAndTheirTracesAsEvidence() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
                        .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "payments")))
                        .addLogRecordProcessor(SimpleLogRecordProcessor.create(OtlpGrpcLogRecordExporter.builder()
                                .setEndpoint(server.grpcEndpoint()).build()))
                        .build()) {
            Span span = Span.wrap(SpanContext.create(traceId, "00f067aa0ba902b7", TraceFlags.getSampled(),
                    TraceState.getDefault()));
            Logger logger = provider.get("payments-test");
            Context ctx = Context.root().with(span);
            for (int i = 0; i < 3; i++) {
                logger.logRecordBuilder().setContext(ctx).setSeverity(Severity.ERROR).setSeverityText("ERROR")
                        .setBody("card declined for order " + i).emit();
            }
            logger.logRecordBuilder().setSeverity(Severity.INFO).setSeverityText("INFO").setBody("all good").emit();
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> alert("PaymentLogErrors").isPresent());
        JsonNode alert = alert("PaymentLogErrors").orElseThrow();
        assertThat(alert.at("/labels/service").asText()).isEqualTo("payments");
        assertThat(alert.at("/annotations/summary").asText()).isEqualTo("3 payment errors in 5m");
        String[] lines = alert.at("/annotations/evidence_log_lines").asText().split("\n");
        assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l).contains("ERROR payments: card declined for order ")
                .endsWith("trace_id=" + traceId));
        assertThat(alert.at("/annotations/evidence_trace_ids").asText()).isEqualTo(traceId);
        assertThat(alert.at("/annotations/evidence_url").asText())
                .isEqualTo("http://sightline.example/trace/" + traceId);
        assertThat(query("ALERTS{alertname=\"PaymentLogErrors\",alertstate=\"firing\"}")).hasSize(1);
    }
}
