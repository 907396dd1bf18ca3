package dev.sightline.storage.logs;

import com.google.protobuf.ByteString;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.HexIds;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;

/**
 * One record as a Lucene document of its own, with every field of {@link LogValues}: what the index held per
 * record before blocks (format 1), kept for the check on read of query forms {@link BlockMatcher} does not
 * evaluate itself (in a {@code MemoryIndex}), and for the benchmarks that compare with one document per record.
 */
final class LogDocuments {
    private LogDocuments() {
    }

    static Document toDocument(StoredLog log, String service, CorrelationKeys correlation) {
        Document doc = new Document();
        LogValues.Sink sink = new LogValues.Sink() {
            @Override
            public void keyword(String field, String value) {
                doc.add(new StringField(field, LogValues.term(value), Field.Store.NO));
            }

            @Override
            public void text(String field, String text) {
                doc.add(new TextField(field, text, Field.Store.NO));
            }

            @Override
            public void intPoint(String field, int value) {
                doc.add(new IntPoint(field, value));
            }

            @Override
            public void doublePoint(String field, double value) {
                doc.add(new DoublePoint(field, value));
            }
        };
        LogValues.resource(log.resource(), service, sink);
        LogValues.record(log, correlation, sink);
        return doc;
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
}
