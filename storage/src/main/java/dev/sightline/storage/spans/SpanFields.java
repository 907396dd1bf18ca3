package dev.sightline.storage.spans;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;

/** Field names of the span index: the vocabulary trace search queries are written in. */
public final class SpanFields {
    /**
     * The 16 raw bytes (sorted doc values only). IDs are read back from search hits, never searched for (trace
     * by ID reads the trace store), so they are not inverted: unique terms are the costliest part of indexing.
     */
    public static final String TRACE_ID = "trace_id";
    /** The 8 bytes as a big-endian long (numeric doc values only; see {@link #spanIdBytes(long)}). */
    public static final String SPAN_ID = "span_id64";
    /** Like {@link #SPAN_ID}; absent on root spans. */
    public static final String PARENT_SPAN_ID = "parent_span_id64";
    public static final String SERVICE = "service";
    public static final String NAME = "name";
    /** server, client, internal, producer, consumer, unspecified. */
    public static final String KIND = "kind";
    /** unset, ok, error. */
    public static final String STATUS = "status";
    public static final String SCOPE = "scope";
    /** Start time, Unix nanoseconds (points and doc values). */
    public static final String START = "start";
    /** Duration in nanoseconds (points and doc values). */
    public static final String DURATION = "duration";
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

    /** The long a span ID is indexed as: its 8 bytes, big-endian. */
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
