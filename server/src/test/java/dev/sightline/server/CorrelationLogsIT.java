package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /api/correlations/{id}} fills its {@code logs} section: a trace's logs, and logs carrying the value. */
class CorrelationLogsIT {
    @TempDir
    Path data;

    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    private static LogRecord log(String body, long time, byte[] traceId, String correlation) {
        LogRecord.Builder b = LogRecord.newBuilder().setTimeUnixNano(time).setSeverityText("INFO")
                .setBody(AnyValue.newBuilder().setStringValue(body));
        if (traceId != null) {
            b.setTraceId(ByteString.copyFrom(traceId));
        }
        if (correlation != null) {
            b.addAttributes(kv("correlation.id", correlation));
        }
        return b.build();
    }

    @Test
    void correlationLookupsReturnTheLinkedLogs() throws Exception {
        Random random = new Random(5);
        byte[] trace = OtlpRequests.randomId(random, 16);
        byte[] otherTrace = OtlpRequests.randomId(random, 16);
        long now = OtlpRequests.nowNanos();
        try (InProcessServer server = InProcessServer.start(data)) {
            Span span = OtlpRequests.span(trace, OtlpRequests.randomId(random, 8), "pay", now, now + 1000).toBuilder()
                    .addAttributes(kv("correlation.id", "order-77")).build();
            assertThat(TestHttp.post(server.otlpHttp("/v1/traces"), OtlpRequests.request("shop", List.of(span))
                    .toByteArray(), "Content-Type", "application/x-protobuf").status()).isEqualTo(200);
            ExportLogsServiceRequest logs = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(kv("service.name", "shop")))
                    .addScopeLogs(ScopeLogs.newBuilder()
                            .addLogRecords(log("charging card", now + 10, trace, null))
                            .addLogRecords(log("order accepted", now + 20, otherTrace, "order-77"))
                            .addLogRecords(log("unrelated", now + 30, otherTrace, "order-78"))
                            .addLogRecords(log("invoice mailed", now + 40, null, "invoice-5"))))
                    .build();
            assertThat(TestHttp.post(server.otlpHttp("/v1/logs"), logs.toByteArray(), "Content-Type",
                    "application/x-protobuf").status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(bodies(server, "order-77")).containsExactly("order accepted");
                // The span index refreshes on its own schedule: wait for the trace too.
                assertThat(TestHttp.get(server.query("/api/correlations/order-77")).json().get("traces")).hasSize(1);
            });
            assertThat(bodies(server, hex(trace))).containsExactly("charging card");
            JsonNode byOrder = TestHttp.get(server.query("/api/correlations/order-77")).json();
            assertThat(byOrder.at("/traces/0/traceID").asText()).isEqualTo(hex(trace));
            assertThat(byOrder.at("/logs/0/traceId").asText()).isEqualTo(hex(otherTrace));
            assertThat(byOrder.at("/logs/0/attributes/correlation.id").asText()).isEqualTo("order-77");
            TestHttp.Response logOnly = TestHttp.get(server.query("/api/correlations/invoice-5"));
            assertThat(logOnly.status()).as("an ID found only in logs").isEqualTo(200);
            assertThat(logOnly.json().get("traces")).isEmpty();
            assertThat(bodies(server, "invoice-5")).containsExactly("invoice mailed");
        }
    }

    private static List<String> bodies(InProcessServer server, String id) throws Exception {
        TestHttp.Response r = TestHttp.get(server.query("/api/correlations/" + id));
        List<String> out = new ArrayList<>();
        if (r.status() == 200) {
            r.json().get("logs").forEach(l -> out.add(l.get("body").asText()));
        }
        return out;
    }

    private static String hex(byte[] b) {
        return CrashRecoveryIT.hex(b);
    }
}
