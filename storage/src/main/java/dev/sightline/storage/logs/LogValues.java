package dev.sightline.storage.logs;

import dev.sightline.storage.model.AnyValues;
import dev.sightline.storage.model.CorrelationKeys;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * What a log record contributes to search, field by field. It is the one definition of the search fields: the
 * block documents of the index (their union) and the per-record check on read ({@link BlockView}) both take
 * their values from here, so what a block promises and what its records hold cannot disagree.
 *
 * <p>The resource's part ({@code service}, {@code resource.*}) is separate: it is the same for every record of
 * a block, so a block answers conditions on it without looking at its records.
 */
final class LogValues {
    /** Keyword terms are cut here: Lucene refuses terms over 32766 UTF-8 bytes. */
    static final int MAX_KEYWORD_CHARS = 4096;
    /** Values counted by the top-values API are cut shorter. */
    static final int MAX_VALUE_CHARS = 256;

    private LogValues() {
    }

    /** Receives a record's values. */
    interface Sink {
        /** A keyword: matched whole; {@code value} is not cut yet (see {@link #term}, {@link #counted}). */
        void keyword(String field, String value);

        /** Text analysed into words ({@code body}). */
        void text(String field, String text);

        void intPoint(String field, int value);

        void doublePoint(String field, double value);
    }

    /**
     * The field names of attribute keys under one prefix, each built once for the caller's records (a block's)
     * rather than once per value: a record's attributes are most of what it allocates on the way into the index.
     * Not thread-safe; bounded by the caller's lifetime.
     */
    static final class FieldNames {
        private final String prefix;
        private final Map<String, String[]> names = new HashMap<>();

        FieldNames(String prefix) {
            this.prefix = prefix;
        }

        /** The keyword field of attribute {@code key}. */
        String field(String key) {
            return entry(key)[0];
        }

        /** The numeric field of attribute {@code key}. */
        String numeric(String key) {
            String[] e = entry(key);
            if (e[1] == null) {
                e[1] = e[0] + LogFields.NUMERIC_SUFFIX;
            }
            return e[1];
        }

        private String[] entry(String key) {
            String[] e = names.get(key);
            if (e == null) {
                e = new String[] {prefix + key, null};
                names.put(key, e);
            }
            return e;
        }
    }

    /** The values of the resource: its service and its attributes. */
    static void resource(Resource resource, String service, Sink sink) {
        sink.keyword(LogFields.SERVICE, service);
        attributes(new FieldNames(LogFields.RESOURCE_PREFIX), resource.getAttributesList(), sink);
    }

    /** The values of the record itself (everything but the resource's). */
    static void record(StoredLog log, CorrelationKeys correlation, Sink sink) {
        record(log, correlation, new FieldNames(LogFields.ATTRIBUTE_PREFIX), sink);
    }

    /** As {@link #record(StoredLog, CorrelationKeys, Sink)}, with attribute field names from {@code names}. */
    static void record(StoredLog log, CorrelationKeys correlation, FieldNames names, Sink sink) {
        LogRecord r = log.record();
        String body = bodyText(r.getBody());
        if (!body.isEmpty()) {
            sink.text(LogFields.BODY, body);
        }
        if (!r.getSeverityText().isEmpty()) {
            sink.keyword(LogFields.SEVERITY, r.getSeverityText().toLowerCase(Locale.ROOT));
        }
        sink.intPoint(LogFields.SEVERITY_NUMBER, r.getSeverityNumberValue());
        String traceId = log.traceIdHex();
        if (traceId != null) {
            sink.keyword(LogFields.TRACE_ID, traceId);
        }
        String spanId = log.spanIdHex();
        if (spanId != null) {
            sink.keyword(LogFields.SPAN_ID, spanId);
        }
        if (!log.scope().getName().isEmpty()) {
            sink.keyword(LogFields.SCOPE, log.scope().getName());
        }
        attributes(names, r.getAttributesList(), sink);
        for (String v : correlation.values(r.getAttributesList(), log.resource().getAttributesList())) {
            sink.keyword(LogFields.CORRELATION, v);
        }
    }

    private static void attributes(FieldNames names, List<KeyValue> attributes, Sink sink) {
        for (int i = 0, n = attributes.size(); i < n; i++) {
            KeyValue kv = attributes.get(i);
            if (kv.getKey().indexOf('#') >= 0) {
                continue; // stored, not indexed: such a name could collide with a numeric field's name
            }
            AnyValue v = kv.getValue();
            sink.keyword(names.field(kv.getKey()), AnyValues.toText(v));
            if (v.hasIntValue()) {
                sink.doublePoint(names.numeric(kv.getKey()), v.getIntValue());
            } else if (v.hasDoubleValue()) {
                sink.doublePoint(names.numeric(kv.getKey()), v.getDoubleValue());
            }
        }
    }

    /** The term a keyword value is indexed and matched as. */
    static String term(String value) {
        return cut(value, MAX_KEYWORD_CHARS);
    }

    /** The form a keyword value is counted in by the top-values API. */
    static String counted(String value) {
        return cut(value, MAX_VALUE_CHARS);
    }

    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

    /** The text the body contributes to full-text search: a string as is; for maps and arrays every leaf value. */
    static String bodyText(AnyValue body) {
        if (body.hasStringValue()) {
            return body.getStringValue();
        }
        StringBuilder sb = new StringBuilder();
        appendLeaves(sb, body);
        return sb.toString();
    }

    private static void appendLeaves(StringBuilder sb, AnyValue v) {
        switch (v.getValueCase()) {
            case ARRAY_VALUE -> v.getArrayValue().getValuesList().forEach(x -> appendLeaves(sb, x));
            case KVLIST_VALUE -> v.getKvlistValue().getValuesList().forEach(kv -> appendLeaves(sb, kv.getValue()));
            case VALUE_NOT_SET -> {
            }
            default -> {
                if (!sb.isEmpty()) {
                    sb.append('\n');
                }
                sb.append(AnyValues.toText(v));
            }
        }
    }
}
