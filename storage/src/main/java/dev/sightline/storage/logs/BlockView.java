package dev.sightline.storage.logs;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.ServiceName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.util.FixedBitSet;

/**
 * One block's records as {@link BlockMatcher} reads them: per field, which records hold which term, worked out
 * on demand from {@link LogValues} and kept for the rest of the query. Fields of the resource ({@code service},
 * {@code resource.*}) come from the block's resource alone, without parsing a record. Not thread-safe.
 */
final class BlockView {
    private final LogBlock block;
    private final CorrelationKeys correlation;
    private final Analyzer analyzer;
    private final Map<String, Map<String, FixedBitSet>> postings = new HashMap<>();
    private Values resourceValues;
    private Values[] recordValues;
    private Map<String, List<List<Token>>> tokens;

    private final int from;
    private final int to;

    BlockView(LogBlock block, CorrelationKeys correlation, Analyzer analyzer) {
        this(block, correlation, analyzer, 0, block.size());
    }

    /**
     * A view of records [{@code from}, {@code to}) of the block only (a query that cannot use the others, by their
     * time): what is said of records outside the range is meaningless, and costs nothing.
     */
    BlockView(LogBlock block, CorrelationKeys correlation, Analyzer analyzer, int from, int to) {
        this.block = block;
        this.correlation = correlation;
        this.analyzer = analyzer;
        this.from = from;
        this.to = to;
    }

    /** First record of the range the view covers. */
    int from() {
        return from;
    }

    /** End (exclusive) of the range the view covers. */
    int to() {
        return to;
    }

    LogBlock block() {
        return block;
    }

    int size() {
        return block.size();
    }

    /** A set with every record. */
    FixedBitSet all() {
        FixedBitSet all = new FixedBitSet(size());
        all.set(from, to);
        return all;
    }

    static boolean ofResource(String field) {
        return field.equals(LogFields.SERVICE) || field.startsWith(LogFields.RESOURCE_PREFIX);
    }

    /** Term → the records holding it in {@code field} (keywords as cut for the index; text as analysed). */
    Map<String, FixedBitSet> postings(String field) {
        Map<String, FixedBitSet> p = postings.get(field);
        if (p != null) {
            return p;
        }
        p = new HashMap<>();
        if (ofResource(field)) {
            for (String v : resource().keywords.getOrDefault(field, List.of())) {
                p.computeIfAbsent(LogValues.term(v), t -> all());
            }
        } else if (field.equals(LogFields.BODY)) {
            List<List<Token>> perRecord = tokens(field);
            for (int i = 0; i < perRecord.size(); i++) {
                for (Token t : perRecord.get(i)) {
                    p.computeIfAbsent(t.term(), x -> new FixedBitSet(size())).set(i);
                }
            }
        } else {
            Values[] values = records();
            for (int i = 0; i < values.length; i++) {
                for (String v : values[i].keywords.getOrDefault(field, List.of())) {
                    p.computeIfAbsent(LogValues.term(v), t -> new FixedBitSet(size())).set(i);
                }
            }
        }
        postings.put(field, p);
        return p;
    }

    /** Record {@code i} as a document of its own (for the query forms checked in a {@code MemoryIndex}). */
    org.apache.lucene.document.Document document(int i) {
        return LogDocuments.toDocument(block.stored(i), ServiceName.of(block.resource().getAttributesList()),
                correlation);
    }

    /** The encoded point values (as {@code IntPoint}/{@code DoublePoint} pack them) of record {@code i}. */
    List<byte[]> points(String field, int i) {
        Values v = ofResource(field) ? resource() : records()[i];
        return v.points.getOrDefault(field, List.of());
    }

    /** The raw keyword values of record {@code i} in {@code field} (not cut), distinct, in order. */
    Set<String> keywords(String field, int i) {
        Values v = ofResource(field) ? resource() : records()[i];
        List<String> raw = v.keywords.get(field);
        return raw == null ? Set.of() : new LinkedHashSet<>(raw);
    }

    /** The analysed words of record {@code i} in a text field, with their positions. */
    List<Token> tokens(String field, int i) {
        return tokens(field).get(i);
    }

    private List<List<Token>> tokens(String field) {
        if (tokens == null) {
            tokens = new HashMap<>();
        }
        List<List<Token>> t = tokens.get(field);
        if (t == null) {
            Values[] values = records();
            t = new ArrayList<>(values.length);
            for (int i = 0; i < values.length; i++) {
                t.add(i < from || i >= to ? List.of() : analyse(field, values[i].texts.getOrDefault(field, List.of())));
            }
            tokens.put(field, t);
        }
        return t;
    }

    /** A word at a position, as Lucene's inverter counts positions (one value per record: the body). */
    record Token(String term, int position) {
    }

    private List<Token> analyse(String field, List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        List<Token> out = new ArrayList<>();
        int position = -1;
        try {
            for (int k = 0; k < texts.size(); k++) {
                if (k > 0) {
                    position += analyzer.getPositionIncrementGap(field);
                }
                try (TokenStream ts = analyzer.tokenStream(field, texts.get(k))) {
                    CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
                    PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
                    ts.reset();
                    while (ts.incrementToken()) {
                        position += inc.getPositionIncrement();
                        out.add(new Token(term.toString(), position));
                    }
                    ts.end();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // analysing a string does no I/O
        }
        return out;
    }

    private Values resource() {
        if (resourceValues == null) {
            resourceValues = new Values();
            LogValues.resource(block.resource(), ServiceName.of(block.resource().getAttributesList()), resourceValues);
        }
        return resourceValues;
    }

    private Values[] records() {
        if (recordValues == null) {
            recordValues = new Values[size()];
            LogValues.FieldNames names = new LogValues.FieldNames(LogFields.ATTRIBUTE_PREFIX);
            for (int i = 0; i < recordValues.length; i++) {
                recordValues[i] = new Values();
                if (i >= from && i < to) {
                    LogValues.record(block.stored(i), correlation, names, recordValues[i]);
                }
            }
        }
        return recordValues;
    }

    /** One record's (or the resource's) values, by field. */
    private static final class Values implements LogValues.Sink {
        final Map<String, List<String>> keywords = new HashMap<>();
        final Map<String, List<String>> texts = new HashMap<>(2);
        final Map<String, List<byte[]>> points = new HashMap<>(4);

        @Override
        public void keyword(String field, String value) {
            keywords.computeIfAbsent(field, f -> new ArrayList<>(1)).add(value);
        }

        @Override
        public void text(String field, String text) {
            texts.computeIfAbsent(field, f -> new ArrayList<>(1)).add(text);
        }

        @Override
        public void intPoint(String field, int value) {
            byte[] b = new byte[Integer.BYTES];
            IntPoint.encodeDimension(value, b, 0);
            points.computeIfAbsent(field, f -> new ArrayList<>(1)).add(b);
        }

        @Override
        public void doublePoint(String field, double value) {
            byte[] b = new byte[Double.BYTES];
            DoublePoint.encodeDimension(value, b, 0);
            points.computeIfAbsent(field, f -> new ArrayList<>(1)).add(b);
        }
    }
}
