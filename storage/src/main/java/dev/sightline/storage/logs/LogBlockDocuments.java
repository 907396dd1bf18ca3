package dev.sightline.storage.logs;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.ServiceName;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene document of one block: its records as a stored payload ({@link LogBlock}) and, for search, the
 * union of its records' values ({@link LogValues}), each distinct value once, without positions, frequencies,
 * norms or doc values. Trace and span IDs are indexed by {@link #idTerm}; correlation values only as the
 * attributes they come from. A block document matches a query when some record of it may; {@link BlockMatcher}
 * decides which records do.
 */
final class LogBlockDocuments {
    /** One of the body's words ({@link BodyWords}): only whether it occurs in the block is kept. */
    private static final FieldType WORD = new FieldType();

    static {
        WORD.setTokenized(false);
        WORD.setOmitNorms(true);
        WORD.setIndexOptions(IndexOptions.DOCS);
        WORD.freeze();
    }

    private LogBlockDocuments() {
    }

    /**
     * The block term of a trace or span ID: its first 8 bytes, binary. Hex IDs are the costliest terms to index
     * (32 random characters for a trace); 8 bytes keep collisions negligible for finding blocks, and the records
     * are checked whole. Null when {@code hex} is not a lower-case hex ID (no record holds such a value).
     */
    static BytesRef idTerm(String hex) {
        if (hex.length() < 16 || (hex.length() & 1) != 0) {
            return null;
        }
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0 || Character.isUpperCase(hex.charAt(2 * i)) || Character.isUpperCase(hex.charAt(2 * i + 1))) {
                return null;
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        for (int i = 16; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (Character.digit(c, 16) < 0 || Character.isUpperCase(c)) {
                return null;
            }
        }
        return new BytesRef(out);
    }

    static Document toDocument(LogBlock.Builder block, CorrelationKeys correlation, Analyzer analyzer) {
        Union union = new Union(analyzer);
        List<StoredLog> logs = block.sorted();
        LogValues.resource(logs.get(0).resource(), ServiceName.of(logs.get(0).resource().getAttributesList()), union);
        LogValues.FieldNames names = new LogValues.FieldNames(LogFields.ATTRIBUTE_PREFIX);
        for (StoredLog log : logs) {
            LogValues.record(log, correlation, names, union);
        }
        Document doc = new Document();
        doc.add(new StoredField(LogFields.BLOCK, block.encode()));
        long min = block.minTime();
        long max = block.maxTime();
        doc.add(new LongPoint(LogFields.MIN_TIME, min));
        doc.add(new NumericDocValuesField(LogFields.MIN_TIME, min));
        doc.add(new LongPoint(LogFields.MAX_TIME, max));
        doc.add(new NumericDocValuesField(LogFields.MAX_TIME, max));
        union.keywords.forEach((field, values) -> values.forEach(v -> doc.add(new StringField(field, v, Field.Store.NO))));
        union.ids.forEach((field, values) -> values.forEach(v -> doc.add(new StringField(field, v, Field.Store.NO))));
        union.texts.forEach((field, words) -> words.forEach(w -> doc.add(new Field(field, w, WORD))));
        union.ints.forEach((field, values) -> values.forEach(v -> doc.add(new IntPoint(field, v))));
        union.doubles.forEach((field, values) -> values.forEach(v -> doc.add(new DoublePoint(field, v))));
        return doc;
    }

    /** Each field's distinct values over the block's records. */
    private static final class Union implements LogValues.Sink {
        final Map<String, Set<String>> keywords = new HashMap<>();
        final Map<String, Set<BytesRef>> ids = new HashMap<>(4);
        final Map<String, BodyWords> texts = new HashMap<>(2);
        private final Analyzer analyzer;

        Union(Analyzer analyzer) {
            this.analyzer = analyzer;
        }
        final Map<String, Set<Integer>> ints = new HashMap<>();
        final Map<String, Set<Double>> doubles = new HashMap<>();

        @Override
        public void keyword(String field, String value) {
            switch (field) {
                case LogFields.TRACE_ID, LogFields.SPAN_ID -> ids.computeIfAbsent(field, f -> new HashSet<>())
                        .add(idTerm(value));
                case LogFields.CORRELATION -> {
                    // not indexed on its own: each value is also an attribute's, which widen() looks up instead
                }
                default -> keywords.computeIfAbsent(field, f -> new HashSet<>()).add(LogValues.term(value));
            }
        }

        @Override
        public void text(String field, String text) {
            BodyWords words = texts.get(field);
            if (words == null) {
                words = new BodyWords(analyzer, field);
                texts.put(field, words);
            }
            words.add(text);
        }

        @Override
        public void intPoint(String field, int value) {
            ints.computeIfAbsent(field, f -> new HashSet<>()).add(value);
        }

        @Override
        public void doublePoint(String field, double value) {
            doubles.computeIfAbsent(field, f -> new HashSet<>()).add(value);
        }
    }
}
