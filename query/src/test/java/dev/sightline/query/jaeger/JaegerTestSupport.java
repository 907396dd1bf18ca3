package dev.sightline.query.jaeger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.traces.StoredSpan;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Hand-built OTLP spans and readers of the JSON {@link JaegerModel} writes, for the Jaeger model tests. */
final class JaegerTestSupport {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    static final long T0 = 1_700_000_000_123_456_789L;

    static final ResourceSpans FRONTEND = resource(str("service.name", "frontend"),
            str("host.name", "web-1"), integer("ip", 0x0A000001L), str("a.first", "x"));
    static final ResourceSpans BACKEND = resource(str("service.name", "backend"));
    static final ScopeSpans SCOPE = ScopeSpans.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName("io.example.lib").setVersion("1.2.3")).build();
    static final ScopeSpans NO_SCOPE = ScopeSpans.getDefaultInstance();

    private JaegerTestSupport() {
    }

    static JsonNode trace(StoredSpan... spans) {
        return render(g -> JaegerModel.writeTrace(g, List.of(spans)));
    }

    static JsonNode span(JsonNode trace, int i) {
        return trace.get("spans").get(i);
    }

    static JsonNode render(Consumer<JsonGenerator> write) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            write.accept(g);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        try {
            return MAPPER.readTree(out.toString());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + out, e);
        }
    }

    static StoredSpan stored(ResourceSpans resource, ScopeSpans scope, Span span) {
        return new StoredSpan(resource, scope, span);
    }

    static ResourceSpans resource(KeyValue... attributes) {
        return ResourceSpans.newBuilder().setResource(Resource.newBuilder().addAllAttributes(List.of(attributes)))
                .build();
    }

    /** A span of trace {@link #TRACE} starting {@code startOffset} ns after T0 and lasting {@code durationNs}. */
    static Span.Builder span(String spanId, String parentId, long startOffset, long durationNs) {
        Span.Builder b = Span.newBuilder().setTraceId(id(TRACE)).setSpanId(id(pad16(spanId)))
                .setName("op-" + pad16(spanId))
                .setStartTimeUnixNano(T0 + startOffset).setEndTimeUnixNano(T0 + startOffset + durationNs);
        if (parentId != null) {
            b.setParentSpanId(id(parentId));
        }
        return b;
    }

    static String pad16(String hex) {
        return "0".repeat(16 - hex.length()) + hex;
    }

    static Span.Link.Builder link(String traceId, String spanId) {
        return Span.Link.newBuilder().setTraceId(id(traceId)).setSpanId(id(spanId));
    }

    static ByteString id(String hex) {
        return ByteString.copyFrom(HexIds.fromHex(hex));
    }

    static KeyValue str(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue integer(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    static KeyValue dbl(String key, double value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
    }

    static void assertRef(JsonNode ref, String type, String traceId, String spanId) {
        assertThat(ref.get("refType").asText()).isEqualTo(type);
        assertThat(ref.get("traceID").asText()).isEqualTo(traceId);
        assertThat(ref.get("spanID").asText()).isEqualTo(spanId);
    }

    static void assertTag(Map<String, JsonNode> byKey, String key, String type, String textValue) {
        JsonNode tag = byKey.get(key);
        assertThat(tag).as(key).isNotNull();
        assertThat(tag.get("type").asText()).as(key).isEqualTo(type);
        assertThat(tag.get("value").isTextual()).as(key + " value is a JSON string").isTrue();
        assertThat(tag.get("value").asText()).as(key).isEqualTo(textValue);
    }

    static Map<String, JsonNode> byKey(JsonNode tags) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode t : tags) {
            out.put(t.get("key").asText(), t);
        }
        return out;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }
}
