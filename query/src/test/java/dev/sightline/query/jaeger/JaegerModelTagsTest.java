package dev.sightline.query.jaeger;

import static dev.sightline.query.jaeger.JaegerTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Span tags (attribute types, translator-added tags) and logs (span events). */
class JaegerModelTagsTest {
    // --- tags ---------------------------------------------------------------------------------------------

    @Test
    void attributeValuesOfEveryTypeAreTypedAndSortedByKey() {
        AnyValue array = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                .addValues(AnyValue.newBuilder().setStringValue("a")).addValues(AnyValue.newBuilder().setIntValue(1)))
                .build();
        AnyValue map = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                .addValues(str("k", "v")).addValues(KeyValue.newBuilder().setKey("b")
                        .setValue(AnyValue.newBuilder().setBoolValue(true)))).build();
        Span s = span("01", null, 0, 1)
                .addAttributes(str("s", "text"))
                .addAttributes(KeyValue.newBuilder().setKey("b").setValue(AnyValue.newBuilder().setBoolValue(true)))
                .addAttributes(integer("i", -42))
                .addAttributes(integer("big", 1L << 53))
                .addAttributes(integer("min", Long.MIN_VALUE))
                .addAttributes(dbl("d", 2.5))
                .addAttributes(dbl("nan", Double.NaN))
                .addAttributes(KeyValue.newBuilder().setKey("bytes")
                        .setValue(AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1, 2, (byte) 0xff}))))
                .addAttributes(KeyValue.newBuilder().setKey("arr").setValue(array))
                .addAttributes(KeyValue.newBuilder().setKey("map").setValue(map))
                .addAttributes(KeyValue.newBuilder().setKey("empty"))
                .addAttributes(integer("peer.ipv4", 0x7F000001L))
                .build();
        JsonNode tags = trace(stored(BACKEND, NO_SCOPE, s)).get("spans").get(0).get("tags");
        assertThat(texts(tags, "key")).containsExactly("arr", "b", "big", "bytes", "d", "empty", "i", "map", "min",
                "nan", "peer.ipv4", "s");
        Map<String, JsonNode> byKey = byKey(tags);
        assertTag(byKey, "s", "string", "text");
        assertThat(byKey.get("b").get("type").asText()).isEqualTo("bool");
        assertThat(byKey.get("b").get("value").isBoolean()).isTrue();
        assertThat(byKey.get("b").get("value").asBoolean()).isTrue();
        assertThat(byKey.get("i").get("type").asText()).isEqualTo("int64");
        assertThat(byKey.get("i").get("value").isIntegralNumber()).isTrue();
        assertThat(byKey.get("i").get("value").asLong()).isEqualTo(-42);
        assertTag(byKey, "big", "int64", "9007199254740992"); // beyond 2^53-1: a string, as Jaeger writes it
        assertTag(byKey, "min", "int64", "-9223372036854775808");
        assertThat(byKey.get("d").get("type").asText()).isEqualTo("float64");
        assertThat(byKey.get("d").get("value").isNumber()).isTrue();
        assertThat(byKey.get("d").get("value").asDouble()).isEqualTo(2.5);
        assertTag(byKey, "nan", "float64", "NaN");
        assertTag(byKey, "bytes", "binary", "AQL/");
        assertTag(byKey, "arr", "string", "[\"a\",1]");
        assertTag(byKey, "map", "string", "{\"k\":\"v\",\"b\":true}");
        assertTag(byKey, "empty", "string", "");
        assertTag(byKey, "peer.ipv4", "string", "127.0.0.1");
        assertThat(fieldNames(byKey.get("s"))).containsExactly("key", "type", "value");
    }

    @Test
    void translatorTagsFollowTheAttributesInTheTranslatorsOrder() {
        Span s = span("01", null, 0, 1)
                .addAttributes(str("z.attr", "z"))
                .addAttributes(str("a.attr", "a"))
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
                .setTraceState("rojo=00f067aa0ba902b7")
                .setDroppedAttributesCount(3).setDroppedEventsCount(4).setDroppedLinksCount(5)
                .build();
        JsonNode tags = trace(stored(BACKEND, SCOPE, s)).get("spans").get(0).get("tags");
        assertThat(texts(tags, "key")).containsExactly("otel.scope.name", "otel.scope.version", "a.attr", "z.attr",
                "span.kind", "otel.status_code", "error", "otel.status_description", "w3c.tracestate",
                "otel.dropped_attributes_count", "otel.dropped_events_count", "otel.dropped_links_count");
        Map<String, JsonNode> byKey = byKey(tags);
        assertTag(byKey, "otel.scope.name", "string", "io.example.lib");
        assertTag(byKey, "otel.scope.version", "string", "1.2.3");
        assertTag(byKey, "span.kind", "string", "server");
        assertTag(byKey, "otel.status_code", "string", "ERROR");
        assertThat(byKey.get("error").get("type").asText()).isEqualTo("bool");
        assertThat(byKey.get("error").get("value").asBoolean()).isTrue();
        assertTag(byKey, "otel.status_description", "string", "boom");
        assertTag(byKey, "w3c.tracestate", "string", "rojo=00f067aa0ba902b7");
        assertThat(byKey.get("otel.dropped_attributes_count").get("type").asText()).isEqualTo("int64");
        assertThat(byKey.get("otel.dropped_attributes_count").get("value").asLong()).isEqualTo(3);
        assertThat(byKey.get("otel.dropped_events_count").get("value").asLong()).isEqualTo(4);
        assertThat(byKey.get("otel.dropped_links_count").get("value").asLong()).isEqualTo(5);
    }

    @Test
    void statusOkHasNoErrorTagAndUnsetStatusNoStatusTags() {
        Span ok = span("01", null, 0, 1).setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK))
                .build();
        Map<String, JsonNode> okTags = byKey(trace(stored(BACKEND, NO_SCOPE, ok)).get("spans").get(0).get("tags"));
        assertThat(okTags.keySet()).containsExactly("otel.status_code");
        assertTag(okTags, "otel.status_code", "string", "OK");

        Span unset = span("01", null, 0, 1).setStatus(Status.newBuilder().setMessage("only a message")).build();
        Map<String, JsonNode> unsetTags = byKey(trace(stored(BACKEND, NO_SCOPE, unset)).get("spans").get(0)
                .get("tags"));
        assertThat(unsetTags.keySet()).containsExactly("otel.status_description");
    }

    @Test
    void everySpanKindMapsToItsOpenTracingValueAndUnspecifiedIsOmitted() {
        Map<Span.SpanKind, String> expected = new LinkedHashMap<>();
        expected.put(Span.SpanKind.SPAN_KIND_CLIENT, "client");
        expected.put(Span.SpanKind.SPAN_KIND_SERVER, "server");
        expected.put(Span.SpanKind.SPAN_KIND_PRODUCER, "producer");
        expected.put(Span.SpanKind.SPAN_KIND_CONSUMER, "consumer");
        expected.put(Span.SpanKind.SPAN_KIND_INTERNAL, "internal");
        for (Map.Entry<Span.SpanKind, String> e : expected.entrySet()) {
            JsonNode tags = trace(stored(BACKEND, NO_SCOPE, span("01", null, 0, 1).setKind(e.getKey()).build()))
                    .get("spans").get(0).get("tags");
            assertTag(byKey(tags), "span.kind", "string", e.getValue());
        }
        JsonNode none = trace(stored(BACKEND, NO_SCOPE, span("01", null, 0, 1)
                .setKind(Span.SpanKind.SPAN_KIND_UNSPECIFIED).build())).get("spans").get(0).get("tags");
        assertThat(none).isEmpty();
    }

    // --- logs ---------------------------------------------------------------------------------------------

    @Test
    void eventsBecomeLogsInTimeOrderWithTheEventNameFirst() {
        Span s = span("01", null, 0, 1_000_000)
                .addEvents(Span.Event.newBuilder().setTimeUnixNano(T0 + 9_999).setName("later"))
                .addEvents(Span.Event.newBuilder().setTimeUnixNano(T0 + 2_000).setName("exception")
                        .addAttributes(str("exception.type", "IOException"))
                        .addAttributes(str("exception.message", "disk full"))
                        .setDroppedAttributesCount(2))
                .addEvents(Span.Event.newBuilder().setTimeUnixNano(T0 + 5_000).setName("named")
                        .addAttributes(str("event", "from-attribute")))
                .addEvents(Span.Event.newBuilder().setTimeUnixNano(T0 + 5_000))
                .build();
        JsonNode logs = trace(stored(BACKEND, NO_SCOPE, s)).get("spans").get(0).get("logs");
        assertThat(logs).hasSize(4);
        assertThat(fieldNames(logs.get(0))).containsExactly("timestamp", "fields");
        assertThat(logs.get(0).get("timestamp").asLong()).isEqualTo((T0 + 2_000) / 1000);
        JsonNode fields = logs.get(0).get("fields");
        assertThat(texts(fields, "key")).containsExactly("event", "exception.message", "exception.type",
                "otel.dropped_attributes_count");
        assertTag(byKey(fields), "event", "string", "exception");
        assertTag(byKey(fields), "exception.message", "string", "disk full");
        assertThat(byKey(fields).get("otel.dropped_attributes_count").get("value").asLong()).isEqualTo(2);
        // an "event" attribute wins over the event's name, which is then not written
        assertThat(texts(logs.get(1).get("fields"), "key")).containsExactly("event");
        assertTag(byKey(logs.get(1).get("fields")), "event", "string", "from-attribute");
        // no name, no attributes: an empty field list
        assertThat(logs.get(2).get("fields").isArray()).isTrue();
        assertThat(logs.get(2).get("fields")).isEmpty();
        assertThat(logs.get(3).get("timestamp").asLong()).isEqualTo((T0 + 9_999) / 1000);
        assertTag(byKey(logs.get(3).get("fields")), "event", "string", "later");
    }
}
