package dev.sightline.storage.model;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Base64;

/**
 * Text forms of OTLP {@link AnyValue}s, for indexing and for APIs whose model has no nested values (Jaeger
 * tags): scalars as themselves, bytes as base64, arrays and maps as compact JSON.
 */
public final class AnyValues {
    private AnyValues() {
    }

    public static String toText(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> doubleText(v.getDoubleValue());
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE, KVLIST_VALUE -> toJson(v);
            default -> ""; // VALUE_NOT_SET, and value kinds newer than this build
        };
    }

    /** The value as JSON: strings quoted, numbers and booleans bare, arrays and maps nested. */
    public static String toJson(AnyValue v) {
        StringBuilder sb = new StringBuilder();
        appendJson(sb, v);
        return sb.toString();
    }

    private static void appendJson(StringBuilder sb, AnyValue v) {
        switch (v.getValueCase()) {
            case STRING_VALUE -> appendString(sb, v.getStringValue());
            case BOOL_VALUE -> sb.append(v.getBoolValue());
            case INT_VALUE -> sb.append(v.getIntValue());
            case DOUBLE_VALUE -> {
                double d = v.getDoubleValue();
                if (Double.isFinite(d)) {
                    sb.append(doubleText(d));
                } else {
                    appendString(sb, Double.toString(d));
                }
            }
            case BYTES_VALUE -> appendString(sb, Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()));
            case ARRAY_VALUE -> {
                sb.append('[');
                for (int i = 0; i < v.getArrayValue().getValuesCount(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    appendJson(sb, v.getArrayValue().getValues(i));
                }
                sb.append(']');
            }
            case KVLIST_VALUE -> {
                sb.append('{');
                int i = 0;
                for (KeyValue kv : v.getKvlistValue().getValuesList()) {
                    if (i++ > 0) {
                        sb.append(',');
                    }
                    appendString(sb, kv.getKey());
                    sb.append(':');
                    appendJson(sb, kv.getValue());
                }
                sb.append('}');
            }
            default -> sb.append("null");
        }
    }

    private static String doubleText(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d) + ".0";
        }
        return Double.toString(d);
    }

    /** Appends {@code s} as a JSON string literal (quoted, escaped). */
    public static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
