package dev.sightline.storage.logs;

import com.google.protobuf.ByteString;
import dev.sightline.storage.model.AnyValues;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.HexIds;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.util.BytesRef;

/** The Lucene document of one log record; field names in {@link LogFields}. */
final class LogDocuments {
    /** Keyword terms are cut here: Lucene refuses terms over 32766 UTF-8 bytes. */
    static final int MAX_KEYWORD_CHARS = 4096;
    /** Values kept for the top-values API are cut shorter. */
    static final int MAX_DOC_VALUE_CHARS = 256;

    private LogDocuments() {
    }

    static Document toDocument(StoredLog log, String service, long lsn, int ordinal, CorrelationKeys correlation) {
        LogRecord r = log.record();
        Document doc = new Document();
        doc.add(new StoredField(LogFields.SOURCE, log.encode()));
        doc.add(new LongPoint(LogFields.TIME, log.timeUnixNano()));
        doc.add(new NumericDocValuesField(LogFields.TIME, log.timeUnixNano()));
        doc.add(new NumericDocValuesField(LogFields.LSN, lsn));
        doc.add(new NumericDocValuesField(LogFields.ORD, ordinal));
        String body = bodyText(r.getBody());
        if (!body.isEmpty()) {
            doc.add(new TextField(LogFields.BODY, body, Field.Store.NO));
        }
        keyword(doc, LogFields.SERVICE, service);
        if (!r.getSeverityText().isEmpty()) {
            keyword(doc, LogFields.SEVERITY, r.getSeverityText().toLowerCase(Locale.ROOT));
        }
        doc.add(new IntPoint(LogFields.SEVERITY_NUMBER, r.getSeverityNumberValue()));
        String traceId = log.traceIdHex();
        if (traceId != null) { // IDs: terms only; a top-values list of random IDs says nothing and costs ~25 B a record
            doc.add(new StringField(LogFields.TRACE_ID, traceId, Field.Store.NO));
        }
        String spanId = log.spanIdHex();
        if (spanId != null) {
            doc.add(new StringField(LogFields.SPAN_ID, spanId, Field.Store.NO));
        }
        if (!log.scope().getName().isEmpty()) {
            keyword(doc, LogFields.SCOPE, log.scope().getName());
        }
        addAttributes(doc, LogFields.ATTRIBUTE_PREFIX, r.getAttributesList());
        addAttributes(doc, LogFields.RESOURCE_PREFIX, log.resource().getAttributesList());
        for (String v : correlation.values(r.getAttributesList(), log.resource().getAttributesList())) {
            doc.add(new StringField(LogFields.CORRELATION, cut(v, MAX_KEYWORD_CHARS), Field.Store.NO));
        }
        return doc;
    }

    private static void addAttributes(Document doc, String prefix, List<KeyValue> attributes) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().indexOf('#') >= 0) {
                continue; // stored, not indexed: such a name could collide with a numeric field's name
            }
            String field = prefix + kv.getKey();
            keyword(doc, field, AnyValues.toText(kv.getValue()));
            AnyValue v = kv.getValue();
            if (v.hasIntValue()) {
                doc.add(new DoublePoint(field + LogFields.NUMERIC_SUFFIX, v.getIntValue()));
            } else if (v.hasDoubleValue()) {
                doc.add(new DoublePoint(field + LogFields.NUMERIC_SUFFIX, v.getDoubleValue()));
            }
        }
    }

    private static void keyword(Document doc, String field, String value) {
        doc.add(new StringField(field, cut(value, MAX_KEYWORD_CHARS), Field.Store.NO));
        doc.add(new SortedSetDocValuesField(field, new BytesRef(cut(value, MAX_DOC_VALUE_CHARS))));
    }

    private static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end);
    }

    /**
     * The ID as lower-case hex: the record's field when set, else the first attribute named in {@code keys}
     * whose value is a hex string of the right length (logs bridged from libraries that put IDs in attributes).
     * An all-zero ID means "none" (W3C trace context), so it links the record to nothing.
     */
    static String idHex(ByteString field, List<KeyValue> attributes, int bytes, String... keys) {
        if (!field.isEmpty()) {
            return HexIds.isAllZero(field) ? null : HexIds.toHex(field);
        }
        for (KeyValue kv : attributes) {
            if (List.of(keys).contains(kv.getKey()) && kv.getValue().hasStringValue()) {
                String s = kv.getValue().getStringValue();
                if (s.length() == bytes * 2 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                        && s.chars().anyMatch(c -> c != '0')) {
                    return s.toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }

    /** The text the body contributes to full-text search: a string as is; for maps and arrays every leaf value. */
    static String bodyText(AnyValue body) {
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
