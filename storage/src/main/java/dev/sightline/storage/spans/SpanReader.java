package dev.sightline.storage.spans;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.TraceId;
import dev.sightline.storage.traces.StoredSpan;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * What the query layer reads about traces: whole traces by ID (the trace store), and the searches over span
 * fields (the span index). Implementations are thread-safe; every method sees what the stores hold now (a span is
 * in {@link #trace} once acknowledged, in the searches after the next index refresh).
 */
public interface SpanReader {
    /** Every stored span of the trace, empty when there is none. */
    List<StoredSpan> trace(TraceId traceId) throws IOException;

    /**
     * Trace IDs (hex) of traces with a span matching every condition of {@code query}, the most recently matched
     * first, at most {@code query.limit()} traces (counted after filtering).
     */
    List<String> traceIds(TraceQuery query) throws IOException;

    /** Every service name over the retained days, sorted. */
    List<String> services() throws IOException;

    /** The operations of {@code service}, sorted by name then kind; {@code spanKind} null or "" means any kind. */
    List<Operation> operations(String service, String spanKind) throws IOException;

    /** Service-to-service calls among spans starting in [{@code startNanos}, {@code endNanos}], sorted. */
    List<DependencyEdge> dependencies(long startNanos, long endNanos) throws IOException;

    /** Trace IDs (hex) of traces with a span linking to {@code traceId}, newest day first, at most {@code max}. */
    Set<String> tracesLinkingTo(TraceId traceId, int max) throws IOException;

    /**
     * Spans carrying {@code value} in a correlation attribute (on the span or its resource), searched only on the
     * days that hold the value, newest day first, at most {@code max}.
     */
    List<SpanRef> spansCarrying(String value, int max) throws IOException;

    /** The attribute keys whose values {@link #spansCarrying} finds. */
    CorrelationKeys correlationKeys();
}
