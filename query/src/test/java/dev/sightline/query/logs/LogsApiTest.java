package dev.sightline.query.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.sightline.query.http.ApiRequest;
import dev.sightline.query.http.ApiResponse;
import dev.sightline.storage.logs.LogIndex;
import dev.sightline.storage.logs.LogLimits;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logs API's parameters, JSON shapes and error answers, over a real log index (no HTTP). */
class LogsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_709_294_400_000_000_000L; // 2024-03-01T12:00:00Z
    private static final long MINUTE = 60_000_000_000L;
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @TempDir
    Path dir;
    LogIndex index;
    LogsApi api;

    private static KeyValue kv(String key, AnyValue v) {
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }

    private static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    @BeforeEach
    void fill() throws Exception {
        index = LogIndex.open(dir, 3_600_000, CorrelationKeys.DEFAULT);
        LogRecord typed = LogRecord.newBuilder().setTimeUnixNano(NOW - 10 * MINUTE).setObservedTimeUnixNano(NOW)
                .setSeverityNumberValue(17).setSeverityText("ERROR").setFlags(1).setDroppedAttributesCount(2)
                .setEventName("payment.failed")
                .setBody(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("msg", str("card declined")))
                        .addValues(kv("codes", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                                .addValues(AnyValue.newBuilder().setIntValue(51))
                                .addValues(AnyValue.newBuilder().setBoolValue(false))).build()))))
                .addAttributes(kv("amount", AnyValue.newBuilder().setDoubleValue(12.5).build()))
                .addAttributes(kv("raw", AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi")).build()))
                .addAttributes(kv("nan", AnyValue.newBuilder().setDoubleValue(Double.NaN).build()))
                .addAttributes(kv("traceId", str(TRACE)))
                .build();
        LogRecord old = LogRecord.newBuilder().setTimeUnixNano(NOW - 90 * MINUTE).setBody(str("older than an hour"))
                .build();
        index.apply(1, Signal.LOGS, ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", str("payments"))))
                .setSchemaUrl("https://opentelemetry.io/schemas/1.24.0")
                .addScopeLogs(ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName("pay")
                        .setVersion("3")).addLogRecords(typed).addLogRecords(old))).build());
        index.refreshNow();
        api = new LogsApi(index.searcher(LogLimits.DEFAULT), () -> NOW);
    }

    @AfterEach
    void close() {
        index.close();
    }

    private static ApiRequest get(String path, String... params) {
        Map<String, List<String>> p = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], List.of(params[i + 1]));
        }
        return new ApiRequest("GET", path, p, Map.of("traceId", TRACE, "name", "service"), new byte[0]);
    }

    private static JsonNode json(ApiResponse r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void searchWritesTheRecordWithJsonTypesAndDefaultsToTheLastHour() throws Exception {
        ApiResponse r = api.search(get("/api/logs/search"));
        assertThat(r.status()).isEqualTo(200);
        JsonNode page = json(r);
        assertThat(page.get("records")).hasSize(1);
        assertThat(page.get("nextCursor").isNull()).isTrue();
        JsonNode rec = page.at("/records/0");
        assertThat(rec.get("timeUnixNano").asText()).isEqualTo(Long.toString(NOW - 10 * MINUTE));
        assertThat(rec.get("observedTimeUnixNano").asText()).isEqualTo(Long.toString(NOW));
        assertThat(rec.get("severityNumber").asInt()).isEqualTo(17);
        assertThat(rec.get("severityText").asText()).isEqualTo("ERROR");
        assertThat(rec.get("body").toString()).isEqualTo("{\"msg\":\"card declined\",\"codes\":[51,false]}");
        assertThat(rec.get("attributes").toString()).isEqualTo("{\"amount\":12.5,\"raw\":\"aGk=\",\"nan\":\"NaN\","
                + "\"traceId\":\"" + TRACE + "\"}");
        assertThat(rec.get("resource").toString()).isEqualTo("{\"service.name\":\"payments\"}");
        assertThat(rec.get("scope").toString()).isEqualTo("{\"name\":\"pay\",\"version\":\"3\"}");
        assertThat(rec.get("traceId").asText()).as("from the traceId attribute").isEqualTo(TRACE);
        assertThat(rec.get("spanId").isNull()).isTrue();
        assertThat(rec.get("flags").asInt()).isEqualTo(1);
        assertThat(rec.get("droppedAttributesCount").asInt()).isEqualTo(2);
        assertThat(rec.get("eventName").asText()).isEqualTo("payment.failed");
        assertThat(rec.get("resourceSchemaUrl").asText()).endsWith("1.24.0");

        JsonNode both = json(api.search(get("/api/logs/search", "start", "2024-03-01T10:00:00Z", "order", "asc",
                "limit", "1")));
        assertThat(both.at("/records/0/body").asText()).isEqualTo("older than an hour");
        JsonNode next = json(api.search(get("/api/logs/search", "start", "2024-03-01T10:00:00Z", "order", "asc",
                "limit", "1", "cursor", both.get("nextCursor").asText())));
        assertThat(next.at("/records/0/severityText").asText()).isEqualTo("ERROR");
        assertThat(next.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void histogramFieldsValuesAndTraceLogs() throws Exception {
        JsonNode h = json(api.histogram(get("/api/logs/histogram", "step", "30m", "start", "1709285400")));
        assertThat(h.get("buckets")).hasSize(5);
        assertThat(h.at("/buckets/0/time").asText()).isEqualTo("2024-03-01T09:30:00Z");
        assertThat(h.at("/buckets/2/count").asLong()).isEqualTo(1);
        assertThat(h.at("/buckets/4/count").asLong()).isEqualTo(1);
        assertThat(json(api.histogram(get("/api/logs/histogram"))).get("buckets")).as("default ~60 buckets")
                .hasSize(60);
        assertThat(json(api.fields(get("/api/logs/fields"))).get("fields").toString())
                .contains("\"attributes.amount\"", "\"service\"", "\"trace_id\"");
        assertThat(json(api.values(get("/api/logs/fields/service/values"))).get("values").toString())
                .isEqualTo("[{\"value\":\"payments\",\"count\":1}]");
        JsonNode byTrace = json(api.traceLogs(get("/api/traces/" + TRACE + "/logs")));
        assertThat(byTrace.get("records")).hasSize(1);
    }

    @Test
    void badParametersAre400WithTheReason() throws Exception {
        ApiResponse r = api.search(get("/api/logs/search", "limit", "0"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(json(r).get("error").asText()).isEqualTo("limit must be in 1..10000, got \"0\"");
        assertThat(json(api.search(get("/api/logs/search", "query", "(")))
                .get("error").asText()).startsWith("query does not parse: ");
        assertThat(api.histogram(get("/api/logs/histogram", "step", "-1")).status()).isEqualTo(400);
        assertThat(api.values(new ApiRequest("GET", "/", Map.of(), Map.of("name", "body"), new byte[0])).status())
                .isEqualTo(400);
    }
}
