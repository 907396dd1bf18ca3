package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real OpenTelemetry Java SDK exports logs over OTLP/gRPC and OTLP/HTTP; each record is found through
 * {@code /api/logs/search} and {@code /api/traces/{id}/logs} and every field compared with what the SDK sent.
 * Also the OTLP specification's JSON example, and read-after-write.
 */
class OtelSdkLogsIT {
    @TempDir
    static Path data;
    static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        // The specification's example is from 2018: keep it past the default retention.
        server = InProcessServer.start(data, "--logs.retention=36500d");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void grpcExporterRoundTrip() throws Exception {
        roundTrip(OtlpGrpcLogRecordExporter.builder().setEndpoint(server.grpcEndpoint()).build(), "grpc-logs");
    }

    @Test
    void httpProtobufExporterRoundTrip() throws Exception {
        roundTrip(OtlpHttpLogRecordExporter.builder().setEndpoint(server.otlpHttp("/v1/logs")).build(), "http-logs");
    }

    @Test
    void httpProtobufExporterWithGzipRoundTrip() throws Exception {
        roundTrip(OtlpHttpLogRecordExporter.builder().setEndpoint(server.otlpHttp("/v1/logs")).setCompression("gzip")
                .build(), "gzip-logs");
    }

    private void roundTrip(LogRecordExporter exporter, String service) throws Exception {
        Capturing capture = new Capturing(exporter);
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.builder()
                .put("service.name", service).put("host.cores", 2L).build()));
        SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(resource)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(capture)).build();
        String traceId = String.format("4bf92f3577b34da6%016x", (long) service.hashCode() & 0xffffffffL);
        SpanContext span = SpanContext.create(traceId, "00f067aa0ba902b7", TraceFlags.getSampled(),
                TraceState.getDefault());
        long now = System.currentTimeMillis() * 1_000_000L;
        try {
            Logger logger = provider.loggerBuilder("dev.sightline.it").setInstrumentationVersion("1.2.3").build();
            logger.logRecordBuilder().setTimestamp(now - 3_000_000, TimeUnit.NANOSECONDS)
                    .setObservedTimestamp(now - 2_000_000, TimeUnit.NANOSECONDS)
                    .setSeverity(Severity.ERROR).setSeverityText("ERROR")
                    .setBody("connection refused by payments")
                    .setAttribute(AttributeKey.longKey("http.status_code"), 503L)
                    .setAttribute(AttributeKey.doubleKey("retry.delay"), 1.5)
                    .setAttribute(AttributeKey.booleanKey("retryable"), true)
                    .setAttribute(AttributeKey.stringArrayKey("peers"), List.of("a", "b"))
                    .setContext(Context.root().with(Span.wrap(span)))
                    .emit();
            logger.logRecordBuilder().setTimestamp(now - 1_000_000, TimeUnit.NANOSECONDS)
                    .setSeverity(Severity.INFO).setSeverityText("INFO")
                    .setBody(Value.of(Map.of("event", Value.of("order placed"), "items", Value.of(3L))))
                    .emit();
            logger.logRecordBuilder().setObservedTimestamp(now, TimeUnit.NANOSECONDS)
                    .setSeverity(Severity.WARN).setBody("no timestamp, observed only").emit();
            assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
        assertThat(capture.results).allMatch(CompletableResultCode::isSuccess);
        assertThat(capture.sent).hasSize(3);
        String window = "&start=" + (now - 3_600_000_000_000L) + "&end=" + (now + 3_600_000_000_000L);
        List<JsonNode> found = LogSearches.awaitRecords(server.query(""),
                "query=" + LogSearches.enc("service:" + service) + window + "&order=asc", 3);
        assertThat(found).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertRecord(capture.sent.get(i), found.get(i), service);
        }
        TestHttp.Response r = TestHttp.get(server.query("/api/traces/" + traceId + "/logs"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("records")).hasSize(1);
        assertThat(r.json().at("/records/0/body").asText()).isEqualTo("connection refused by payments");
        assertThat(LogSearches.search(server.query(""), "query=" + LogSearches.enc("\"refused by\" AND severity:error"
                + " AND attributes.http.status_code:[500 TO 599] AND service:" + service) + window).get("records"))
                .hasSize(1);
        assertThat(LogSearches.search(server.query(""), "query=" + LogSearches.enc("placed AND 3 AND service:"
                + service) + window).get("records")).as("structured body leaves").hasSize(1);
    }

    private static void assertRecord(LogRecordData sent, JsonNode got, String service) {
        assertThat(got.get("timeUnixNano").asText()).isEqualTo(Long.toString(sent.getTimestampEpochNanos()));
        assertThat(got.get("observedTimeUnixNano").asText())
                .isEqualTo(Long.toString(sent.getObservedTimestampEpochNanos()));
        assertThat(got.get("severityNumber").asInt()).isEqualTo(sent.getSeverity().getSeverityNumber());
        assertThat(got.get("severityText").asText()).isEqualTo(sent.getSeverityText() == null ? ""
                : sent.getSeverityText());
        Value<?> body = sent.getBodyValue();
        if (body.getValue() instanceof String s) {
            assertThat(got.get("body").asText()).isEqualTo(s);
        } else {
            assertThat(got.get("body").get("event").asText()).isEqualTo("order placed");
            assertThat(got.get("body").get("items").isIntegralNumber()).isTrue();
            assertThat(got.get("body").get("items").asLong()).isEqualTo(3);
        }
        JsonNode attrs = got.get("attributes");
        assertThat(attrs.size()).isEqualTo(sent.getAttributes().size());
        sent.getAttributes().forEach((key, value) -> {
            JsonNode v = attrs.get(key.getKey());
            switch (key.getType()) {
                case STRING -> assertThat(v.asText()).isEqualTo(value);
                case BOOLEAN -> assertThat(v.isBoolean() && v.asBoolean() == (Boolean) value).isTrue();
                case LONG -> assertThat(v.isIntegralNumber() && v.asLong() == (Long) value).isTrue();
                case DOUBLE -> assertThat(v.isDouble() && v.asDouble() == (Double) value).isTrue();
                default -> assertThat(v.isArray() && v.size() == ((List<?>) value).size()).isTrue();
            }
        });
        assertThat(got.at("/resource/service.name").asText()).isEqualTo(service);
        assertThat(got.at("/resource/host.cores").asLong()).isEqualTo(2);
        assertThat(got.at("/resource/telemetry.sdk.language").asText()).isEqualTo("java");
        assertThat(got.at("/scope/name").asText()).isEqualTo("dev.sightline.it");
        assertThat(got.at("/scope/version").asText()).isEqualTo("1.2.3");
        if (sent.getSpanContext().isValid()) {
            assertThat(got.get("traceId").asText()).isEqualTo(sent.getSpanContext().getTraceId());
            assertThat(got.get("spanId").asText()).isEqualTo(sent.getSpanContext().getSpanId());
            assertThat(got.get("flags").asInt()).isEqualTo(1);
        } else {
            assertThat(got.get("traceId").isNull()).isTrue();
            assertThat(got.get("spanId").isNull()).isTrue();
        }
    }

    @Test
    void specificationJsonExampleRoundTrips() throws Exception {
        Path file = SharedFiles.require("otlp-examples/logs.json");
        TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/logs"), Files.readAllBytes(file),
                "Content-Type", "application/json");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().has("partialSuccess")).isFalse();
        String window = "&start=2018-12-13T00:00:00Z&end=2018-12-14T00:00:00Z";
        List<JsonNode> found = LogSearches.awaitRecords(server.query(""),
                "query=" + LogSearches.enc("service:my.service AND \"example log record\"") + window, 1);
        JsonNode rec = found.getFirst();
        assertThat(rec.get("timeUnixNano").asText()).isEqualTo("1544712660300000000");
        assertThat(rec.get("observedTimeUnixNano").asText()).isEqualTo("1544712660300000000");
        assertThat(rec.get("severityNumber").asInt()).isEqualTo(10);
        assertThat(rec.get("severityText").asText()).isEqualTo("Information");
        assertThat(rec.get("traceId").asText()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(rec.get("spanId").asText()).isEqualTo("eee19b7ec3c1b174");
        assertThat(rec.get("body").asText()).isEqualTo("Example log record");
        JsonNode a = rec.get("attributes");
        assertThat(a.get("string.attribute").asText()).isEqualTo("some string");
        assertThat(a.get("boolean.attribute").isBoolean()).isTrue();
        assertThat(a.get("boolean.attribute").asBoolean()).isTrue();
        assertThat(a.get("int.attribute").isIntegralNumber()).isTrue();
        assertThat(a.get("int.attribute").asLong()).isEqualTo(10);
        assertThat(a.get("double.attribute").asDouble()).isEqualTo(637.704);
        assertThat(a.get("array.attribute").toString()).isEqualTo("[\"many\",\"values\"]");
        assertThat(a.get("map.attribute").toString()).isEqualTo("{\"some.map.key\":\"some value\"}");
        assertThat(rec.at("/resource/service.name").asText()).isEqualTo("my.service");
        assertThat(rec.at("/scope/name").asText()).isEqualTo("my.library");
        assertThat(rec.at("/scope/version").asText()).isEqualTo("1.0.0");
        assertThat(rec.at("/scope/attributes/my.scope.attribute").asText()).isEqualTo("some scope attribute");
        for (String q : List.of("severity:information", "attributes.int.attribute:[5 TO 15]",
                "attributes.double.attribute:>600", "attributes.boolean.attribute:true",
                "trace_id:5B8EFFF798038103D269B633813FC60C", "scope:my.library", "resource.service.name:my.service")) {
            assertThat(LogSearches.search(server.query(""), "query=" + LogSearches.enc(q) + window).get("records"))
                    .as(q).hasSize(1);
        }
        TestHttp.Response byTrace = TestHttp.get(server.query("/api/traces/5b8efff798038103d269b633813fc60c/logs"));
        assertThat(byTrace.json().get("records")).hasSize(1);
    }

    @Test
    void anAcknowledgedRecordIsSearchableWithinASecond() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        String marker = "raw" + Long.toHexString(now);
        byte[] body = ("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"" + now
                + "\",\"body\":{\"stringValue\":\"" + marker + "\"}}]}]}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/logs"), body, "Content-Type", "application/json");
        long acked = System.nanoTime();
        assertThat(r.status()).isEqualTo(200);
        LogSearches.awaitRecords(server.query(""), "query=" + marker, 1);
        long millis = (System.nanoTime() - acked) / 1_000_000;
        // Not asserted (timing on a shared machine); the index refresh interval (200 ms) bounds it by design.
        System.out.println("OtelSdkLogsIT: record searchable " + millis + " ms after its acknowledgement");
    }

    /** Forwards to a real OTLP exporter and remembers what it sent and whether the server acknowledged it. */
    private static final class Capturing implements LogRecordExporter {
        private final LogRecordExporter delegate;
        final List<LogRecordData> sent = new CopyOnWriteArrayList<>();
        final List<CompletableResultCode> results = new CopyOnWriteArrayList<>();

        Capturing(LogRecordExporter delegate) {
            this.delegate = delegate;
        }

        @Override
        public CompletableResultCode export(Collection<LogRecordData> logs) {
            sent.addAll(logs);
            CompletableResultCode r = delegate.export(logs);
            results.add(r);
            return r;
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }
    }
}
