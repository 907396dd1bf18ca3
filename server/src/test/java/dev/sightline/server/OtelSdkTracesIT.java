package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real OpenTelemetry Java SDK exports traces over OTLP/gRPC and OTLP/HTTP (protobuf); each span is read
 * back through {@code GET /api/traces/{id}} and every field compared with what the SDK sent. Also the OTLP
 * specification's JSON example.
 */
class OtelSdkTracesIT {
    @TempDir
    static Path data;
    static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        // The specification's JSON example dates from 2018: keep everything, whatever today's date.
        server = InProcessServer.start(data, "--traces.retention=36500d");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void grpcExporterRoundTrip() throws Exception {
        roundTrip(OtlpGrpcSpanExporter.builder().setEndpoint(server.grpcEndpoint()).build(), "grpc-checkout");
    }

    @Test
    void httpProtobufExporterRoundTrip() throws Exception {
        roundTrip(OtlpHttpSpanExporter.builder().setEndpoint(server.otlpHttp("/v1/traces")).build(), "http-checkout");
    }

    @Test
    void httpProtobufExporterWithGzipRoundTrip() throws Exception {
        roundTrip(OtlpHttpSpanExporter.builder().setEndpoint(server.otlpHttp("/v1/traces")).setCompression("gzip")
                .build(), "gzip-checkout");
    }

    private void roundTrip(SpanExporter exporter, String service) throws Exception {
        CapturingExporter capture = new CapturingExporter(exporter);
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.builder()
                .put("service.name", service)
                .put("deployment.environment", "it")
                .put("host.cores", 2L)
                .build()));
        SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource)
                .addSpanProcessor(SimpleSpanProcessor.create(capture)).build();
        try {
            Tracer tracer = provider.tracerBuilder("dev.sightline.it").setInstrumentationVersion("1.2.3").build();
            SpanContext linked = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                    TraceFlags.getSampled(), TraceState.builder().put("vendor", "x").build());
            Span root = tracer.spanBuilder("POST /orders").setSpanKind(SpanKind.SERVER)
                    .setAttribute("http.request.method", "POST")
                    .setAttribute("http.response.status_code", 201L)
                    .startSpan();
            try (Scope ignored = root.makeCurrent()) {
                Span child = tracer.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT)
                        .setParent(Context.current())
                        .addLink(linked, Attributes.of(AttributeKey.stringKey("link.reason"), "retry-of"))
                        .setAttribute("db.system", "postgresql")
                        .setAttribute(AttributeKey.booleanKey("cache.hit"), false)
                        .setAttribute(AttributeKey.doubleKey("db.cost"), 12.5)
                        .setAttribute(AttributeKey.longKey("db.rows"), 42L)
                        .setAttribute(AttributeKey.stringArrayKey("db.tables"), List.of("orders", "lines"))
                        .startSpan();
                child.addEvent("cache miss", Attributes.of(AttributeKey.stringKey("cache.key"), "order:17"));
                child.setStatus(StatusCode.ERROR, "connection reset");
                child.end();
                Span producer = tracer.spanBuilder("orders publish").setSpanKind(SpanKind.PRODUCER).startSpan();
                producer.setStatus(StatusCode.OK);
                producer.end();
            }
            root.end();
            assertThat(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
        assertThat(capture.results).allMatch(CompletableResultCode::isSuccess);
        List<SpanData> sent = capture.sent;
        assertThat(sent).hasSize(3);
        String traceId = sent.getFirst().getTraceId();
        TestHttp.Response r = TestHttp.get(server.query("/api/traces/" + traceId));
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.get("total").asInt()).isEqualTo(1);
        assertThat(body.get("errors").isNull()).isTrue();
        JsonNode trace = body.at("/data/0");
        assertThat(trace.get("traceID").asText()).isEqualTo(traceId);
        assertThat(trace.get("spans")).hasSize(3);
        for (SpanData expected : sent) {
            JsonNode actual = null;
            for (JsonNode s : trace.get("spans")) {
                if (s.get("spanID").asText().equals(expected.getSpanId())) {
                    actual = s;
                }
            }
            assertThat(actual).as("span %s", expected.getName()).isNotNull();
            assertSpan(expected, actual, trace.get("processes"));
        }
    }

    private static void assertSpan(SpanData expected, JsonNode actual, JsonNode processes) {
        assertThat(actual.get("traceID").asText()).isEqualTo(expected.getTraceId());
        assertThat(actual.get("operationName").asText()).isEqualTo(expected.getName());
        assertThat(expected.getSpanContext().isSampled()).isTrue();
        assertThat(actual.get("flags").asInt()).as("sampled flag").isEqualTo(1);
        assertThat(actual.get("startTime").asLong()).isEqualTo(expected.getStartEpochNanos() / 1000);
        assertThat(actual.get("duration").asLong())
                .isEqualTo((expected.getEndEpochNanos() - expected.getStartEpochNanos()) / 1000);
        Map<String, JsonNode> tags = tags(actual.get("tags"));
        // Every attribute, with its type.
        expected.getAttributes().forEach((key, value) -> {
            JsonNode tag = tags.get(key.getKey());
            assertThat(tag).as("tag %s", key.getKey()).isNotNull();
            switch (key.getType()) {
                case STRING -> assertThat(tag.get("value").asText()).isEqualTo(value);
                case BOOLEAN -> assertThat(tag.get("value").asBoolean()).isEqualTo(value);
                case LONG -> assertThat(tag.get("value").asLong()).isEqualTo(value);
                case DOUBLE -> assertThat(tag.get("value").asDouble()).isEqualTo(value);
                default -> assertThat(tag.get("value").asText()).contains("orders").contains("lines");
            }
            assertThat(tag.get("type").asText()).isEqualTo(switch (key.getType()) {
                case BOOLEAN -> "bool";
                case LONG -> "int64";
                case DOUBLE -> "float64";
                default -> "string";
            });
        });
        assertThat(tags.get("span.kind").get("value").asText())
                .isEqualTo(expected.getKind().name().toLowerCase(java.util.Locale.ROOT));
        assertThat(tags.get("otel.scope.name").get("value").asText()).isEqualTo("dev.sightline.it");
        assertThat(tags.get("otel.scope.version").get("value").asText()).isEqualTo("1.2.3");
        switch (expected.getStatus().getStatusCode()) {
            case ERROR -> {
                assertThat(tags.get("otel.status_code").get("value").asText()).isEqualTo("ERROR");
                assertThat(tags.get("otel.status_description").get("value").asText())
                        .isEqualTo(expected.getStatus().getDescription());
                assertThat(tags.get("error").get("value").asBoolean()).isTrue();
            }
            case OK -> {
                assertThat(tags.get("otel.status_code").get("value").asText()).isEqualTo("OK");
                assertThat(tags).doesNotContainKey("error");
            }
            default -> assertThat(tags).doesNotContainKey("otel.status_code");
        }
        // Parent and links.
        JsonNode refs = actual.get("references");
        String parent = expected.getParentSpanId();
        if (expected.getParentSpanContext().isValid()) {
            assertThat(refs.toString()).contains("\"refType\":\"CHILD_OF\"").contains(parent);
        }
        for (LinkData link : expected.getLinks()) {
            boolean found = false;
            for (JsonNode ref : refs) {
                found |= ref.get("refType").asText().equals("FOLLOWS_FROM")
                        && ref.get("traceID").asText().equals(link.getSpanContext().getTraceId())
                        && ref.get("spanID").asText().equals(link.getSpanContext().getSpanId());
            }
            assertThat(found).as("link to %s", link.getSpanContext().getSpanId()).isTrue();
        }
        // Events become logs.
        assertThat(actual.get("logs")).hasSize(expected.getEvents().size());
        for (int i = 0; i < expected.getEvents().size(); i++) {
            EventData event = expected.getEvents().get(i);
            JsonNode log = actual.get("logs").get(i);
            assertThat(log.get("timestamp").asLong()).isEqualTo(event.getEpochNanos() / 1000);
            Map<String, JsonNode> fields = tags(log.get("fields"));
            assertThat(fields.get("event").get("value").asText()).isEqualTo(event.getName());
            event.getAttributes().forEach((k, v) ->
                    assertThat(fields.get(k.getKey()).get("value").asText()).isEqualTo(v.toString()));
        }
        // The process: service name and every other resource attribute.
        JsonNode process = processes.get(actual.get("processID").asText());
        assertThat(process.get("serviceName").asText())
                .isEqualTo(expected.getResource().getAttribute(AttributeKey.stringKey("service.name")));
        Map<String, JsonNode> processTags = tags(process.get("tags"));
        expected.getResource().getAttributes().forEach((k, v) -> {
            if (!k.getKey().equals("service.name")) {
                assertThat(processTags.get(k.getKey())).as("process tag %s", k.getKey()).isNotNull();
                assertThat(processTags.get(k.getKey()).get("value").asText()).isEqualTo(v.toString());
            }
        });
    }

    private static Map<String, JsonNode> tags(JsonNode array) {
        Map<String, JsonNode> out = new HashMap<>();
        array.forEach(t -> out.put(t.get("key").asText(), t));
        return out;
    }

    @Test
    void otlpJsonSpecificationExample() throws Exception {
        Path example = SharedFiles.require("otlp-examples/trace.json");
        TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/traces"), Files.readAllBytes(example),
                "Content-Type", "application/json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().has("partialSuccess")).as(r.text()).isFalse();
        // Trace IDs are case-insensitive on the way in, lower-case on the way out.
        JsonNode trace = TestHttp.get(server.query("/api/traces/5B8EFFF798038103D269B633813FC60C")).json().at("/data/0");
        assertThat(trace.get("traceID").asText()).isEqualTo("5b8efff798038103d269b633813fc60c");
        JsonNode span = trace.at("/spans/0");
        assertThat(span.get("spanID").asText()).isEqualTo("eee19b7ec3c1b174");
        assertThat(span.get("operationName").asText()).isEqualTo("I'm a server span");
        assertThat(span.get("startTime").asLong()).isEqualTo(1544712660000000L);
        assertThat(span.get("duration").asLong()).isEqualTo(1_000_000L);
        assertThat(span.get("references").toString()).contains("CHILD_OF").contains("eee19b7ec3c1b173");
        Map<String, JsonNode> tags = tags(span.get("tags"));
        assertThat(tags.get("my.span.attr").get("value").asText()).isEqualTo("some value");
        assertThat(tags.get("span.kind").get("value").asText()).isEqualTo("server");
        assertThat(tags.get("otel.scope.name").get("value").asText()).isEqualTo("my.library");
        assertThat(tags.get("otel.scope.version").get("value").asText()).isEqualTo("1.0.0");
        assertThat(trace.at("/processes/" + span.get("processID").asText() + "/serviceName").asText())
                .isEqualTo("my.service");
        // The parent was never received: the span is kept and the trace says why it has no root.
        assertThat(span.get("warnings").toString()).contains("eee19b7ec3c1b173");
    }
}
