package dev.sightline.storage.spans;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;

/**
 * Field names of the span index (format 3, docs/format/span-index.md): the vocabulary trace search queries are
 * written in.
 *
 * <p>Queries are written per span, as if each span were a document: {@code name:GET /cart},
 * {@code LongPoint.newRangeQuery(START, a, b)}. The index holds one document per block of spans (a
 * {@code SpanBlock}) carrying the union of its spans' terms, so such a query is run in two steps
 * ({@code SpanCondition}): a block query that finds every block that may hold a matching span, then the per-span
 * query checked against each candidate block's stored spans.
 */
public final class SpanFields {
    /** {@code service.name} of the resource (one per block: a block holds spans of one resource). */
    public static final String SERVICE = "service";
    public static final String NAME = "name";
    /** server, client, internal, producer, consumer, unspecified. */
    public static final String KIND = "kind";
    /** unset, ok, error. */
    public static final String STATUS = "status";
    public static final String SCOPE = "scope";
    /**
     * Start time, Unix nanoseconds. Per span a long point; a block indexes the range [earliest, latest] of its
     * spans' starts ({@code LongRange}, one dimension).
     */
    public static final String START = "start";
    /** Duration in nanoseconds. Per span a long point; a block indexes [shortest, longest] ({@code LongRange}). */
    public static final String DURATION = "duration";
    /** A block's latest span start (numeric doc values): the order of newest-first searches. */
    public static final String MAX_START = "max_start";
    /** A block's spans, the searchable values of each (stored binary; see {@code SpanBlock}). */
    public static final String SPANS = "spans";
    /** {@code service \0 kind \0 name}, one term per distinct operation: the services/operations catalogue. */
    public static final String OPERATION_KEY = "operation_key";
    /** Trace IDs (hex) this span links to. */
    public static final String LINK_TRACE_ID = "link_trace_id";
    /** Span attributes: {@code attributes.<key>}, the value's text form. */
    public static final String ATTRIBUTE_PREFIX = "attributes.";
    /** Resource attributes: {@code resource.<key>}. */
    public static final String RESOURCE_PREFIX = "resource.";

    /** Separator inside {@link #OPERATION_KEY}. */
    public static final char SEPARATOR = '\0';

    private SpanFields() {
    }

    /** The long a span ID is kept as: its 8 bytes, big-endian. */
    public static long spanIdLong(ByteString id) {
        long v = 0;
        for (int i = 0; i < id.size(); i++) {
            v = (v << 8) | (id.byteAt(i) & 0xff);
        }
        return v;
    }

    /** The span ID bytes back from {@link #spanIdLong}. */
    public static byte[] spanIdBytes(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }
}
