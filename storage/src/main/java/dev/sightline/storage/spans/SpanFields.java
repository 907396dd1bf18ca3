package dev.sightline.storage.spans;

/** Field names of the span index: the vocabulary trace search queries are written in. */
public final class SpanFields {
    /** Hex (term) and raw bytes (sorted doc values). */
    public static final String TRACE_ID = "trace_id";
    /** Hex (term) and raw bytes (sorted doc values). */
    public static final String SPAN_ID = "span_id";
    /** Hex (term) and raw bytes (sorted doc values); absent on root spans. */
    public static final String PARENT_SPAN_ID = "parent_span_id";
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
}
