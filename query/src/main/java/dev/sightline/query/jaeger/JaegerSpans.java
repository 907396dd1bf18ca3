package dev.sightline.query.jaeger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.traces.StoredSpan;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes one span in Jaeger's JSON model: what the OpenTelemetry Collector's OTLP-to-Jaeger translator
 * ({@code pkg/translator/jaeger/traces_to_jaegerproto.go}) makes of it, written as Jaeger's {@code FromDomain}
 * writes it, with fields in the order of Jaeger's {@code uimodel.Span}.
 */
final class JaegerSpans {
    static final String SCOPE_NAME = "otel.scope.name";
    static final String SCOPE_VERSION = "otel.scope.version";
    static final String SPAN_KIND = "span.kind";
    static final String STATUS_CODE = "otel.status_code";
    static final String STATUS_DESCRIPTION = "otel.status_description";
    static final String ERROR = "error";
    static final String TRACE_STATE = "w3c.tracestate";
    static final String EVENT = "event";
    static final String REF_TYPE_ATTRIBUTE = "opentracing.ref_type";
    static final String DROPPED_ATTRIBUTES = "otel.dropped_attributes_count";
    static final String DROPPED_EVENTS = "otel.dropped_events_count";
    static final String DROPPED_LINKS = "otel.dropped_links_count";
    static final String CHILD_OF = "CHILD_OF";
    static final String FOLLOWS_FROM = "FOLLOWS_FROM";
    static final String INVALID_LINK_WARNING = "Invalid span link removed";

    private static final Comparator<Span.Event> BY_TIME =
            (a, b) -> Long.compareUnsigned(a.getTimeUnixNano(), b.getTimeUnixNano());

    private JaegerSpans() {
    }

    /**
     * Writes one span object.
     *
     * @param attributes the span's attributes, sorted by key, without those moved to its process
     * @param warnings warnings found so far; invalid links add theirs
     */
    static void write(JsonGenerator g, StoredSpan stored, List<KeyValue> attributes, String processId,
            List<String> warnings) throws IOException {
        Span span = stored.span();
        g.writeStartObject();
        g.writeStringField("traceID", traceIdHex(span.getTraceId()));
        g.writeStringField("spanID", spanIdHex(span.getSpanId()));
        if ((span.getFlags() & 0x01) != 0) {
            g.writeNumberField("flags", 1); // only the W3C sampled bit maps to Jaeger's SampledFlag
        }
        g.writeStringField("operationName", span.getName());
        writeReferences(g, span, warnings);
        g.writeNumberField("startTime", micros(span.getStartTimeUnixNano()));
        g.writeNumberField("duration", durationMicros(span.getStartTimeUnixNano(), span.getEndTimeUnixNano()));
        writeTags(g, span, stored.scope().getScope(), attributes);
        writeLogs(g, span);
        g.writeStringField("processID", processId);
        g.writeFieldName("warnings");
        if (warnings.isEmpty()) {
            g.writeNull();
        } else {
            g.writeStartArray();
            for (String w : warnings) {
                g.writeString(w);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void writeReferences(JsonGenerator g, Span span, List<String> warnings) throws IOException {
        String traceId = traceIdHex(span.getTraceId());
        boolean hasParent = !HexIds.isAllZero(span.getParentSpanId());
        String parentId = hasParent ? spanIdHex(span.getParentSpanId()) : null;
        // The translator puts the parent first; a link to the parent does not repeat it but sets its type.
        String parentType = CHILD_OF;
        List<Span.Link> others = new ArrayList<>(span.getLinksCount());
        for (Span.Link link : span.getLinksList()) {
            if (HexIds.isAllZero(link.getTraceId())) {
                warnings.add(INVALID_LINK_WARNING); // Jaeger's RemoveEmptySpanLinks adjuster
            } else if (hasParent && traceIdHex(link.getTraceId()).equals(traceId)
                    && spanIdHex(link.getSpanId()).equals(parentId)) {
                parentType = refType(link);
            } else {
                others.add(link);
            }
        }
        g.writeArrayFieldStart("references");
        if (hasParent) {
            writeReference(g, parentType, traceId, parentId);
        }
        for (Span.Link link : others) {
            writeReference(g, refType(link), traceIdHex(link.getTraceId()), spanIdHex(link.getSpanId()));
        }
        g.writeEndArray();
    }

    private static String refType(Span.Link link) {
        for (KeyValue kv : link.getAttributesList()) {
            if (kv.getKey().equals(REF_TYPE_ATTRIBUTE)) {
                return kv.getValue().getStringValue().equals("child_of") ? CHILD_OF : FOLLOWS_FROM;
            }
        }
        return FOLLOWS_FROM;
    }

    private static void writeReference(JsonGenerator g, String type, String traceId, String spanId)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("refType", type);
        g.writeStringField("traceID", traceId);
        g.writeStringField("spanID", spanId);
        g.writeEndObject();
    }

    private static void writeTags(JsonGenerator g, Span span, InstrumentationScope scope, List<KeyValue> attributes)
            throws IOException {
        g.writeArrayFieldStart("tags");
        if (!scope.getName().isEmpty()) {
            JaegerTags.writeString(g, SCOPE_NAME, scope.getName());
        }
        if (!scope.getVersion().isEmpty()) {
            JaegerTags.writeString(g, SCOPE_VERSION, scope.getVersion());
        }
        for (KeyValue kv : attributes) {
            AnyValue v = JaegerTags.normalizeIp(kv.getKey(), kv.getValue());
            JaegerTags.writeAttribute(g, kv.getKey(), v);
        }
        String kind = kind(span.getKind());
        if (kind != null) {
            JaegerTags.writeString(g, SPAN_KIND, kind);
        }
        Status status = span.getStatus();
        if (status.getCode() == Status.StatusCode.STATUS_CODE_OK) {
            JaegerTags.writeString(g, STATUS_CODE, "OK");
        } else if (status.getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
            JaegerTags.writeString(g, STATUS_CODE, "ERROR");
            JaegerTags.writeBool(g, ERROR, true);
        }
        if (!status.getMessage().isEmpty()) {
            JaegerTags.writeString(g, STATUS_DESCRIPTION, status.getMessage());
        }
        if (!span.getTraceState().isEmpty()) {
            JaegerTags.writeString(g, TRACE_STATE, span.getTraceState());
        }
        writeCount(g, DROPPED_ATTRIBUTES, span.getDroppedAttributesCount());
        writeCount(g, DROPPED_EVENTS, span.getDroppedEventsCount());
        writeCount(g, DROPPED_LINKS, span.getDroppedLinksCount());
        g.writeEndArray();
    }

    private static void writeLogs(JsonGenerator g, Span span) throws IOException {
        g.writeArrayFieldStart("logs");
        List<Span.Event> events = span.getEventsList();
        if (events.size() > 1) {
            events = new ArrayList<>(events);
            events.sort(BY_TIME); // stable: events at the same time keep their order
        }
        for (Span.Event e : events) {
            g.writeStartObject();
            g.writeNumberField("timestamp", micros(e.getTimeUnixNano()));
            g.writeArrayFieldStart("fields");
            List<KeyValue> attributes = JaegerTags.sorted(e.getAttributesList());
            if (!e.getName().isEmpty() && !hasKey(attributes, EVENT)) {
                JaegerTags.writeString(g, EVENT, e.getName());
            }
            for (KeyValue kv : attributes) {
                JaegerTags.writeAttribute(g, kv.getKey(), kv.getValue());
            }
            writeCount(g, DROPPED_ATTRIBUTES, e.getDroppedAttributesCount());
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeCount(JsonGenerator g, String key, int count) throws IOException {
        if (count != 0) {
            JaegerTags.writeInt(g, key, Integer.toUnsignedLong(count));
        }
    }

    private static boolean hasKey(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                return true;
            }
        }
        return false;
    }

    /** The OpenTracing {@code span.kind} value, or null for an unspecified (or unknown) kind. */
    static String kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_CLIENT -> "client";
            case SPAN_KIND_SERVER -> "server";
            case SPAN_KIND_PRODUCER -> "producer";
            case SPAN_KIND_CONSUMER -> "consumer";
            case SPAN_KIND_INTERNAL -> "internal";
            default -> null;
        };
    }

    /** Nanoseconds since the epoch (OTLP's unsigned fixed64) to Jaeger's microseconds, truncated. */
    static long micros(long unixNanos) {
        return Long.divideUnsigned(unixNanos, 1000);
    }

    /** End minus start in microseconds, truncated; zero when the span ends before it starts, as Jaeger clamps. */
    static long durationMicros(long startNanos, long endNanos) {
        return Long.compareUnsigned(endNanos, startNanos) <= 0 ? 0 : Long.divideUnsigned(endNanos - startNanos, 1000);
    }

    static String traceIdHex(ByteString id) {
        return paddedHex(id, 16);
    }

    static String spanIdHex(ByteString id) {
        return paddedHex(id, 8);
    }

    /** Lower-case hex, left-padded with zeros to the ID's full width when fewer bytes were sent. */
    private static String paddedHex(ByteString id, int bytes) {
        String hex = HexIds.toHex(id);
        return id.size() >= bytes ? hex : "0".repeat(2 * (bytes - id.size())) + hex;
    }
}
