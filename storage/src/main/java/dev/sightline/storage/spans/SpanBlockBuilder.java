package dev.sightline.storage.spans;

import com.google.protobuf.ByteString;
import dev.sightline.storage.model.AnyValues;
import dev.sightline.storage.model.HexIds;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongRange;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.store.ByteBuffersDataOutput;

/**
 * Builds the document of one block: spans of one resource starting on one UTC day, from one WAL record. The
 * document's terms are the union of its spans' (each distinct value once), its points the ranges of their starts
 * and durations, and its stored payload every span's searchable values ({@link SpanBlock} gives the layout), from
 * which searches check each condition on each span. Not thread-safe; one builder per block.
 */
final class SpanBlockBuilder {
    /**
     * Most spans in one block. Larger blocks index fewer, smaller documents per span, but a search decodes a whole
     * candidate block to find the spans that match in it; 256 spans decode in some microseconds.
     */
    static final int MAX_SPANS = 256;
    private static final int NAME = 0;
    private static final int SCOPE = 1;
    private static final int LINK = 2;
    /** (kind code, name). */
    private static final int OPERATION = 3;
    /** (key, value). */
    private static final int ATTRIBUTE = 4;
    /** Table indexes fit in 28 bits: a block's strings number some thousands at most. */
    private static final int INDEX_MASK = (1 << 28) - 1;

    private final String service;
    private final List<KeyValue> resource;
    private final Map<String, Integer> strings = new HashMap<>();
    private final List<String> table = new ArrayList<>();
    private final Map<ByteString, Integer> traces = new LinkedHashMap<>();
    private final ByteBuffersDataOutput spans = new ByteBuffersDataOutput();
    /** The block's distinct terms, each a {@link #term} of table indexes. */
    private final TermSet terms = new TermSet();
    private int kinds;
    private int statuses;
    private int size;
    private long base;
    private long minStart = Long.MAX_VALUE;
    private long maxStart = Long.MIN_VALUE;
    private long minDuration = Long.MAX_VALUE;
    private long maxDuration = Long.MIN_VALUE;

    /**
     * @param service the resource's {@code service.name} (or the default for none)
     * @param resource the resource's attributes, shared by every span of the block
     */
    SpanBlockBuilder(String service, List<KeyValue> resource) {
        this.service = service;
        this.resource = resource;
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size >= MAX_SPANS;
    }

    /** Adds one span, whose instrumentation scope is named {@code scopeName} ("" for none). */
    void add(String scopeName, Span span) {
        long start = span.getStartTimeUnixNano();
        long duration = Math.max(0, span.getEndTimeUnixNano() - start);
        if (size == 0) {
            base = start;
        }
        int kind = kindCode(span.getKind());
        int status = statusCode(span.getStatus().getCodeValue());
        int name = string(span.getName());
        int scope = string(scopeName);
        terms.add(term(NAME, name, 0));
        if (!scopeName.isEmpty()) {
            terms.add(term(SCOPE, scope, 0));
        }
        terms.add(term(OPERATION, kind, name));
        kinds |= 1 << kind;
        statuses |= 1 << status;
        minStart = Math.min(minStart, start);
        maxStart = Math.max(maxStart, start);
        minDuration = Math.min(minDuration, duration);
        maxDuration = Math.max(maxDuration, duration);
        try {
            Integer trace = traces.get(span.getTraceId());
            if (trace == null) {
                trace = traces.size();
                traces.put(span.getTraceId(), trace);
            }
            spans.writeVInt(trace);
            spans.writeLong(SpanFields.spanIdLong(span.getSpanId()));
            boolean parent = !span.getParentSpanId().isEmpty();
            spans.writeByte((byte) ((parent ? 1 : 0) | kind << 1 | status << 4));
            if (parent) {
                spans.writeLong(SpanFields.spanIdLong(span.getParentSpanId()));
            }
            spans.writeVInt(name);
            spans.writeVInt(scope);
            spans.writeZLong(start - base);
            spans.writeVLong(duration);
            spans.writeVInt(span.getAttributesCount());
            for (KeyValue kv : span.getAttributesList()) {
                int key = string(kv.getKey());
                int value = string(AnyValues.toText(kv.getValue()));
                spans.writeVInt(key);
                spans.writeVInt(value);
                terms.add(term(ATTRIBUTE, key, value));
            }
            spans.writeVInt(span.getLinksCount());
            for (Span.Link l : span.getLinksList()) {
                int hex = string(HexIds.toHex(l.getTraceId()));
                spans.writeVInt(hex);
                terms.add(term(LINK, hex, 0));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e); // ByteBuffersDataOutput does not throw
        }
        size++;
    }

    /** The block's document; the builder is spent. */
    Document toDocument() {
        if (size == 0) {
            throw new IllegalStateException("a span block needs at least one span, got none");
        }
        Document doc = new Document();
        doc.add(new StringField(SpanFields.SERVICE, service, Field.Store.NO));
        for (KeyValue kv : resource) {
            doc.add(new StringField(SpanFields.RESOURCE_PREFIX + kv.getKey(), AnyValues.toText(kv.getValue()),
                    Field.Store.NO));
        }
        for (int k = 0; k < SpanBlock.KINDS.length; k++) {
            if ((kinds & 1 << k) != 0) {
                doc.add(new StringField(SpanFields.KIND, SpanBlock.KINDS[k], Field.Store.NO));
            }
        }
        for (int s = 0; s < SpanBlock.STATUSES.length; s++) {
            if ((statuses & 1 << s) != 0) {
                doc.add(new StringField(SpanFields.STATUS, SpanBlock.STATUSES[s], Field.Store.NO));
            }
        }
        Map<Integer, String> attributeFields = new HashMap<>();
        for (int t = 0; t < terms.size; t++) {
            long term = terms.values[t];
            int a = (int) (term >>> 28) & INDEX_MASK;
            int b = (int) term & INDEX_MASK;
            switch ((int) (term >>> 56)) {
                case NAME -> doc.add(new StringField(SpanFields.NAME, table.get(a), Field.Store.NO));
                case SCOPE -> doc.add(new StringField(SpanFields.SCOPE, table.get(a), Field.Store.NO));
                case LINK -> doc.add(new StringField(SpanFields.LINK_TRACE_ID, table.get(a), Field.Store.NO));
                case OPERATION -> doc.add(new StringField(SpanFields.OPERATION_KEY, service + SpanFields.SEPARATOR
                        + SpanBlock.KINDS[a] + SpanFields.SEPARATOR + table.get(b), Field.Store.NO));
                default -> doc.add(new StringField(attributeFields.computeIfAbsent(a,
                        k -> SpanFields.ATTRIBUTE_PREFIX + table.get(k)), table.get(b), Field.Store.NO));
            }
        }
        doc.add(new LongRange(SpanFields.START, new long[] {minStart}, new long[] {maxStart}));
        doc.add(new LongRange(SpanFields.DURATION, new long[] {minDuration}, new long[] {maxDuration}));
        doc.add(new NumericDocValuesField(SpanFields.MAX_START, maxStart));
        doc.add(new StoredField(SpanFields.SPANS, payload()));
        return doc;
    }

    private byte[] payload() {
        ByteBuffersDataOutput out = new ByteBuffersDataOutput();
        try {
            out.writeVInt(SpanBlock.VERSION);
            out.writeString(service);
            out.writeVInt(resource.size());
            for (KeyValue kv : resource) {
                out.writeString(kv.getKey());
                out.writeString(AnyValues.toText(kv.getValue()));
            }
            out.writeVInt(table.size());
            for (String s : table) {
                out.writeString(s);
            }
            out.writeVInt(traces.size());
            for (ByteString t : traces.keySet()) {
                out.writeVInt(t.size());
                out.writeBytes(t.toByteArray(), t.size());
            }
            out.writeZLong(base);
            out.writeVInt(size);
            spans.copyTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toArrayCopy();
    }

    /** A term of the block: its kind (the top byte) and up to two table indexes (or codes), 28 bits each. */
    private static long term(int kind, int a, int b) {
        return (long) kind << 56 | (long) a << 28 | b;
    }

    private int string(String s) {
        Integer i = strings.get(s);
        if (i == null) {
            i = table.size();
            strings.put(s, i);
            table.add(s);
        }
        return i;
    }

    /** The OTLP kind number, or 0 (unspecified) for one this build does not know, as Jaeger's tag shows it. */
    private static int kindCode(Span.SpanKind kind) {
        int n = kind == Span.SpanKind.UNRECOGNIZED ? 0 : kind.getNumber();
        return n < SpanBlock.KINDS.length ? n : 0;
    }

    /** The OTLP status code number; unknown codes are unset. */
    private static int statusCode(int code) {
        return code >= 0 && code < SpanBlock.STATUSES.length ? code : 0;
    }

    /**
     * A set of longs by open addressing, with the values in insertion order in {@link #values}: the block's
     * distinct terms without a boxed value per term.
     */
    private static final class TermSet {
        long[] values = new long[64];
        int size;
        private long[] slots = new long[128];
        private boolean[] used = new boolean[128];

        void add(long v) {
            int mask = slots.length - 1;
            int i = Long.hashCode(v * 0x9E3779B97F4A7C15L) & mask;
            while (used[i]) {
                if (slots[i] == v) {
                    return;
                }
                i = (i + 1) & mask;
            }
            used[i] = true;
            slots[i] = v;
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
            if (size * 2 > slots.length) {
                rehash();
            }
        }

        private void rehash() {
            slots = new long[slots.length * 2];
            used = new boolean[slots.length];
            int mask = slots.length - 1;
            for (int k = 0; k < size; k++) {
                int i = Long.hashCode(values[k] * 0x9E3779B97F4A7C15L) & mask;
                while (used[i]) {
                    i = (i + 1) & mask;
                }
                used[i] = true;
                slots[i] = values[k];
            }
        }
    }
}
