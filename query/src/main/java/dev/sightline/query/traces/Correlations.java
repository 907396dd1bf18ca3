package dev.sightline.query.traces;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.model.ServiceName;
import dev.sightline.storage.model.TraceId;
import dev.sightline.storage.spans.SpanReader;
import dev.sightline.storage.spans.SpanRef;
import dev.sightline.storage.traces.StoredSpan;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "Find everything for this ID", over the full retention with no time range. An ID is looked up both as a trace
 * ID and as a correlation value (an order ID, a request ID); the span reader searches only the days that hold a
 * correlation value. Thread-safe.
 */
public final class Correlations {
    static final int MAX_TRACES = 100;
    static final int MAX_SPANS = 1000;
    private static final int MAX_SHARED_VALUES = 20;

    private final SpanReader spans;
    private final CorrelationKeys keys;

    public Correlations(SpanReader spans) {
        this.spans = spans;
        this.keys = spans.correlationKeys();
    }

    /** How a trace relates to the ID looked up. */
    public enum Relation {
        /** The ID is this trace's ID. */
        SELF,
        /** The looked-up trace has a span link to this trace. */
        LINKED,
        /** This trace has a span link to the looked-up trace. */
        LINKED_FROM,
        /** A span of this trace carries the ID as a correlation value. */
        CARRIES_ID,
        /** This trace carries a correlation value that the looked-up trace carries too. */
        SHARES_CORRELATION
    }

    /** A trace found, with why. */
    public record Related(TraceSummary summary, Relation relation) {
    }

    /** A span whose correlation attribute holds the looked-up value. */
    public record SpanMatch(String traceId, String spanId, String service, String operation, long startMicros,
            long durationMicros) {
    }

    /** Everything found; empty lists when nothing was. */
    public record Result(String id, List<Related> traces, List<SpanMatch> spans, List<String> correlationValues) {
        public boolean isEmpty() {
            return traces.isEmpty() && spans.isEmpty();
        }
    }

    public Result lookup(String id) throws IOException {
        Map<String, Related> traces = new LinkedHashMap<>();
        Set<String> sharedValues = new LinkedHashSet<>();
        TraceId traceId = asTraceId(id);
        if (traceId != null) {
            List<StoredSpan> self = spans.trace(traceId);
            if (!self.isEmpty()) {
                traces.put(traceId.hex(), new Related(TraceSummary.of(self), Relation.SELF));
                for (StoredSpan s : self) {
                    for (Span.Link link : s.span().getLinksList()) {
                        addTrace(traces, HexIds.toHex(link.getTraceId()), Relation.LINKED);
                    }
                    sharedValues.addAll(keys.values(s.span().getAttributesList(),
                            s.resource().getResource().getAttributesList()));
                }
                for (String from : spans.tracesLinkingTo(traceId, MAX_TRACES)) {
                    addTrace(traces, from, Relation.LINKED_FROM);
                }
            }
        }
        List<SpanMatch> matches = new ArrayList<>();
        for (SpanRef hit : spans.spansCarrying(id, MAX_SPANS)) {
            List<StoredSpan> trace = addTrace(traces, hit.traceId(), Relation.CARRIES_ID);
            if (trace != null && matches.size() < MAX_SPANS) {
                for (StoredSpan s : trace) {
                    if (HexIds.toHex(s.span().getSpanId()).equals(hit.spanId())) {
                        matches.add(match(s));
                    }
                }
            }
        }
        int n = 0;
        for (String value : sharedValues) {
            if (n++ >= MAX_SHARED_VALUES) {
                break;
            }
            for (SpanRef hit : spans.spansCarrying(value, MAX_SPANS)) {
                addTrace(traces, hit.traceId(), Relation.SHARES_CORRELATION);
            }
        }
        return new Result(id, List.copyOf(traces.values()), matches, List.copyOf(sharedValues));
    }

    /** Adds a trace if it is stored and there is room; returns its spans (null when absent or no room). */
    private List<StoredSpan> addTrace(Map<String, Related> traces, String hex, Relation relation) throws IOException {
        Related known = traces.get(hex);
        if (known == null && traces.size() >= MAX_TRACES) {
            return null;
        }
        TraceId id = asTraceId(hex);
        List<StoredSpan> trace = id == null ? List.of() : spans.trace(id);
        if (trace.isEmpty()) {
            return null;
        }
        if (known == null) {
            traces.put(hex, new Related(TraceSummary.of(trace), relation));
        }
        return trace;
    }

    private static SpanMatch match(StoredSpan s) {
        Span span = s.span();
        return new SpanMatch(HexIds.toHex(span.getTraceId()), HexIds.toHex(span.getSpanId()),
                ServiceName.of(s.resource().getResource().getAttributesList()), span.getName(),
                span.getStartTimeUnixNano() / 1000,
                Math.max(0, span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1000);
    }

    private static TraceId asTraceId(String id) {
        if (id.isEmpty() || id.length() > 32) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            if (Character.digit(id.charAt(i), 16) < 0) {
                return null;
            }
        }
        try {
            return TraceId.parse(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
