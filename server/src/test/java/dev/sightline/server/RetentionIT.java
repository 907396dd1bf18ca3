package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trace retention drops whole days from the trace store and the span index, and everything newer stays: data
 * is written with a 30-day retention, then the server restarts with 7 days.
 */
class RetentionIT {
    private static final long DAY = 86_400_000_000_000L;

    @TempDir
    Path data;

    @Test
    void dataPastRetentionIsGoneAndTheRestIntact() throws Exception {
        Random random = new Random(11);
        long now = System.currentTimeMillis() * 1_000_000L;
        byte[] oldTrace = OtlpRequests.randomId(random, 16);
        byte[] newTrace = OtlpRequests.randomId(random, 16);
        String oldDay = dev.sightline.storage.model.Days.of(now - 10 * DAY);
        try (InProcessServer server = InProcessServer.start(data, "--traces.retention=30d")) {
            for (byte[] trace : List.of(oldTrace, newTrace)) {
                long start = trace == oldTrace ? now - 10 * DAY : now - DAY;
                Span span = OtlpRequests.span(trace, OtlpRequests.randomId(random, 8), "work", start, start + 1000)
                        .toBuilder().addAttributes(KeyValue.newBuilder().setKey("correlation.id")
                                .setValue(AnyValue.newBuilder().setStringValue("batch-42"))).build();
                TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/traces"),
                        OtlpRequests.request("retained", List.of(span)).toByteArray(),
                        "Content-Type", "application/x-protobuf");
                assertThat(ExportTraceServiceResponse.parseFrom(r.body()).hasPartialSuccess()).isFalse();
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    TestHttp.get(server.query("/api/traces?service=retained&start=0")).json().get("data")).hasSize(2));
            assertThat(TestHttp.get(server.query("/api/correlations/batch-42")).json().get("traces")).hasSize(2);
        }
        assertThat(data.resolve("spans").resolve(oldDay)).exists();
        try (InProcessServer server = InProcessServer.start(data, "--traces.retention=7d")) {
            assertThat(TestHttp.get(server.query("/api/traces/" + hex(oldTrace))).status()).isEqualTo(404);
            assertThat(TestHttp.get(server.query("/api/traces/" + hex(newTrace))).status()).isEqualTo(200);
            assertThat(TestHttp.get(server.query("/api/traces?service=retained&start=0")).json().at("/data/0/traceID")
                    .asText()).isEqualTo(hex(newTrace));
            assertThat(TestHttp.get(server.query("/api/traces?service=retained&start=0")).json().get("data")).hasSize(1);
            assertThat(TestHttp.get(server.query("/api/correlations/batch-42")).json().get("traces")).hasSize(1);
            assertThat(Files.exists(data.resolve("spans").resolve(oldDay))).isFalse();
            // New spans older than the retention are refused by name, not stored and dropped.
            Span late = OtlpRequests.span(oldTrace, OtlpRequests.randomId(random, 8), "late", now - 9 * DAY,
                    now - 9 * DAY + 5);
            ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(TestHttp.post(
                    server.otlpHttp("/v1/traces"), OtlpRequests.request("retained", List.of(late)).toByteArray(),
                    "Content-Type", "application/x-protobuf").body());
            assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
            assertThat(response.getPartialSuccess().getErrorMessage()).contains("older than the trace retention (7d)");
        }
    }

    private static String hex(byte[] b) {
        return CrashRecoveryIT.hex(b);
    }

}
