package dev.sightline.query.jaeger;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sightline.storage.model.AnyValues;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Jaeger {@code KeyValue}s ("tags" and log "fields") made from OTLP attributes, the way the OpenTelemetry
 * Collector's OTLP-to-Jaeger translator types them and Jaeger's {@code FromDomain} writes them as JSON.
 */
final class JaegerTags {
    static final String STRING = "string";
    static final String BOOL = "bool";
    static final String INT64 = "int64";
    static final String FLOAT64 = "float64";
    static final String BINARY = "binary";

    /** Jaeger writes int64 values outside JavaScript's safe integer range as decimal strings. */
    static final long JS_MAX_SAFE_INTEGER = (1L << 53) - 1;

    private static final Comparator<KeyValue> BY_KEY = Comparator.comparing(KeyValue::getKey);

    private JaegerTags() {
    }

    /**
     * One tag with its value already in the JSON form Jaeger writes: a {@link String} (also for binary, as
     * base64, and for out-of-range int64), a {@link Boolean}, a {@link Long} or a {@link Double}. A record, so
     * processes built from tags compare by content, as Jaeger's process table does.
     */
    record Tag(String key, String type, Object value) {
        void write(JsonGenerator g) throws IOException {
            g.writeStartObject();
            g.writeStringField("key", key);
            g.writeStringField("type", type);
            g.writeFieldName("value");
            switch (value) {
                case Boolean b -> g.writeBoolean(b);
                case Long l -> g.writeNumber(l);
                case Double d -> writeDouble(g, d);
                default -> g.writeString((String) value);
            }
            g.writeEndObject();
        }
    }

    /** Attributes sorted by key (stably), as Jaeger's {@code SortCollections} adjuster leaves them. */
    static List<KeyValue> sorted(List<KeyValue> attributes) {
        for (int i = 1; i < attributes.size(); i++) {
            if (attributes.get(i - 1).getKey().compareTo(attributes.get(i).getKey()) > 0) {
                List<KeyValue> copy = new ArrayList<>(attributes);
                copy.sort(BY_KEY); // List.sort is stable
                return copy;
            }
        }
        return attributes;
    }

    /**
     * Jaeger's {@code NormalizeIPAttributes} adjuster: numeric {@code ip} and {@code peer.ipv4} attributes hold
     * an IPv4 address packed into 32 bits and become dotted strings. Other attributes are returned unchanged.
     */
    static AnyValue normalizeIp(String key, AnyValue v) {
        if (!key.equals("ip") && !key.equals("peer.ipv4")) {
            return v;
        }
        long packed;
        switch (v.getValueCase()) {
            case INT_VALUE -> packed = v.getIntValue();
            case DOUBLE_VALUE -> packed = (long) v.getDoubleValue();
            default -> {
                return v;
            }
        }
        String dotted = ((packed >>> 24) & 0xff) + "." + ((packed >>> 16) & 0xff) + "." + ((packed >>> 8) & 0xff)
                + "." + (packed & 0xff);
        return AnyValue.newBuilder().setStringValue(dotted).build();
    }

    /** The tag for one attribute, typed as the translator types it. */
    static Tag toTag(String key, AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> new Tag(key, STRING, v.getStringValue());
            case BOOL_VALUE -> new Tag(key, BOOL, v.getBoolValue());
            case INT_VALUE -> {
                long n = v.getIntValue();
                yield new Tag(key, INT64, outsideSafeRange(n) ? (Object) Long.toString(n) : (Object) n);
            }
            case DOUBLE_VALUE -> new Tag(key, FLOAT64, v.getDoubleValue());
            case BYTES_VALUE -> new Tag(key, BINARY, Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
            case ARRAY_VALUE, KVLIST_VALUE -> new Tag(key, STRING, AnyValues.toJson(v));
            // An empty value: the translator leaves the tag's type at its zero value, STRING, with no text.
            default -> new Tag(key, STRING, "");
        };
    }

    /** Writes one attribute as a tag without building a {@link Tag}. */
    static void writeAttribute(JsonGenerator g, String key, AnyValue v) throws IOException {
        switch (v.getValueCase()) {
            case STRING_VALUE -> writeString(g, key, v.getStringValue());
            case BOOL_VALUE -> writeBool(g, key, v.getBoolValue());
            case INT_VALUE -> writeInt(g, key, v.getIntValue());
            case DOUBLE_VALUE -> {
                start(g, key, FLOAT64);
                writeDouble(g, v.getDoubleValue());
                g.writeEndObject();
            }
            default -> toTag(key, v).write(g);
        }
    }

    static void writeString(JsonGenerator g, String key, String value) throws IOException {
        start(g, key, STRING);
        g.writeString(value);
        g.writeEndObject();
    }

    static void writeBool(JsonGenerator g, String key, boolean value) throws IOException {
        start(g, key, BOOL);
        g.writeBoolean(value);
        g.writeEndObject();
    }

    static void writeInt(JsonGenerator g, String key, long value) throws IOException {
        start(g, key, INT64);
        if (outsideSafeRange(value)) {
            g.writeString(Long.toString(value));
        } else {
            g.writeNumber(value);
        }
        g.writeEndObject();
    }

    private static boolean outsideSafeRange(long n) {
        return n > JS_MAX_SAFE_INTEGER || n < -JS_MAX_SAFE_INTEGER;
    }

    private static void start(JsonGenerator g, String key, String type) throws IOException {
        g.writeStartObject();
        g.writeStringField("key", key);
        g.writeStringField("type", type);
        g.writeFieldName("value");
    }

    /** JSON has no NaN or infinities (Go's encoder refuses them); they are written as strings. */
    private static void writeDouble(JsonGenerator g, double d) throws IOException {
        if (Double.isFinite(d)) {
            g.writeNumber(d);
        } else {
            g.writeString(Double.toString(d));
        }
    }
}
