package dev.sightline.query.logs;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sightline.storage.logs.LogPage;
import dev.sightline.storage.logs.StoredLog;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.io.IOException;
import java.util.Base64;
import java.util.List;

/**
 * Log records as the logs API writes them. Nanosecond times are strings (they overflow a JSON double);
 * attribute and body values keep their JSON types: strings, numbers, booleans, arrays, objects (bytes as
 * base64 strings). Fields the client left unset are omitted, except the ones every record has. {@code traceId}
 * and {@code spanId} are the IDs the record is linked by (from a {@code trace_id} attribute when the field is
 * empty), null when it has none.
 */
public final class LogJson {
    private LogJson() {
    }

    static void writePage(JsonGenerator g, LogPage page) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("records");
        for (StoredLog log : page.records()) {
            writeRecord(g, log);
        }
        g.writeEndArray();
        if (page.next() == null) {
            g.writeNullField("nextCursor");
        } else {
            g.writeStringField("nextCursor", page.next().encode());
        }
        g.writeEndObject();
    }

    /** One record as {@code /api/logs/search} writes it. */
    public static void writeRecord(JsonGenerator g, StoredLog log) throws IOException {
        LogRecord r = log.record();
        g.writeStartObject();
        g.writeStringField("timeUnixNano", Long.toUnsignedString(r.getTimeUnixNano()));
        g.writeStringField("observedTimeUnixNano", Long.toUnsignedString(r.getObservedTimeUnixNano()));
        g.writeNumberField("severityNumber", r.getSeverityNumberValue());
        g.writeStringField("severityText", r.getSeverityText());
        g.writeFieldName("body");
        writeValue(g, r.getBody());
        g.writeFieldName("attributes");
        writeAttributes(g, r.getAttributesList());
        g.writeFieldName("resource");
        writeAttributes(g, log.resource().getAttributesList());
        g.writeObjectFieldStart("scope");
        g.writeStringField("name", log.scope().getName());
        g.writeStringField("version", log.scope().getVersion());
        if (log.scope().getAttributesCount() > 0) {
            g.writeFieldName("attributes");
            writeAttributes(g, log.scope().getAttributesList());
        }
        g.writeEndObject();
        writeId(g, "traceId", log.traceIdHex());
        writeId(g, "spanId", log.spanIdHex());
        if (r.getFlags() != 0) {
            g.writeNumberField("flags", Integer.toUnsignedLong(r.getFlags()));
        }
        if (r.getDroppedAttributesCount() != 0) {
            g.writeNumberField("droppedAttributesCount", Integer.toUnsignedLong(r.getDroppedAttributesCount()));
        }
        if (!r.getEventName().isEmpty()) {
            g.writeStringField("eventName", r.getEventName());
        }
        if (log.resource().getDroppedAttributesCount() != 0) {
            g.writeNumberField("resourceDroppedAttributesCount", log.resource().getDroppedAttributesCount());
        }
        if (!log.resourceSchemaUrl().isEmpty()) {
            g.writeStringField("resourceSchemaUrl", log.resourceSchemaUrl());
        }
        if (!log.scopeSchemaUrl().isEmpty()) {
            g.writeStringField("scopeSchemaUrl", log.scopeSchemaUrl());
        }
        g.writeEndObject();
    }

    private static void writeId(JsonGenerator g, String name, String hex) throws IOException {
        if (hex == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, hex);
        }
    }

    static void writeAttributes(JsonGenerator g, List<KeyValue> attributes) throws IOException {
        g.writeStartObject();
        for (KeyValue kv : attributes) {
            g.writeFieldName(kv.getKey());
            writeValue(g, kv.getValue());
        }
        g.writeEndObject();
    }

    static void writeValue(JsonGenerator g, AnyValue v) throws IOException {
        switch (v.getValueCase()) {
            case STRING_VALUE -> g.writeString(v.getStringValue());
            case BOOL_VALUE -> g.writeBoolean(v.getBoolValue());
            case INT_VALUE -> g.writeNumber(v.getIntValue());
            case DOUBLE_VALUE -> {
                double d = v.getDoubleValue();
                if (Double.isFinite(d)) {
                    g.writeNumber(d);
                } else {
                    g.writeString(Double.toString(d));
                }
            }
            case BYTES_VALUE -> g.writeString(Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                g.writeStartArray();
                for (AnyValue x : v.getArrayValue().getValuesList()) {
                    writeValue(g, x);
                }
                g.writeEndArray();
            }
            case KVLIST_VALUE -> writeAttributes(g, v.getKvlistValue().getValuesList());
            default -> g.writeNull();
        }
    }
}
