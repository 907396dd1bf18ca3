package dev.sightline.query.traces;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.model.TraceId;
import dev.sightline.storage.spans.SpanFields;
import dev.sightline.storage.spans.SpanIndex;
import dev.sightline.storage.traces.StoredSpan;
import dev.sightline.storage.traces.TraceStore;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/**
 * "Find everything for this ID", over the full retention with no time range. An ID is looked up both as a trace
 * ID and as a correlation value (an order ID, a request ID); the trace store's per-day directory says which
 * days hold a correlation value, so only those day partitions are searched. Thread-safe.
 */
public final class Correlations {
    static final int MAX_TRACES = 100;
    static final int MAX_SPANS = 1000;
    private static final int MAX_SHARED_VALUES = 20;

    private final TraceStore store;
    private final SpanIndex index;
    private final CorrelationKeys keys;

    public Correlations(TraceStore store, SpanIndex index, CorrelationKeys keys) {
        this.store = store;
        this.index = index;
        this.keys = keys;
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
            List<StoredSpan> self = store.trace(traceId);
            if (!self.isEmpty()) {
                traces.put(traceId.hex(), new Related(TraceSummary.of(self), Relation.SELF));
                for (StoredSpan s : self) {
                    for (Span.Link link : s.span().getLinksList()) {
                        addTrace(traces, HexIds.toHex(link.getTraceId()), Relation.LINKED);
                    }
                    sharedValues.addAll(keys.values(s.span().getAttributesList(),
                            s.resource().getResource().getAttributesList()));
                }
                for (String from : index.traceIds(new TermQuery(new Term(SpanFields.LINK_TRACE_ID, traceId.hex())),
                        MAX_TRACES)) {
                    addTrace(traces, from, Relation.LINKED_FROM);
                }
            }
        }
        List<SpanMatch> spans = new ArrayList<>();
        for (String[] hit : spansCarrying(id)) {
            List<StoredSpan> trace = addTrace(traces, hit[0], Relation.CARRIES_ID);
            if (trace != null && spans.size() < MAX_SPANS) {
                for (StoredSpan s : trace) {
                    if (HexIds.toHex(s.span().getSpanId()).equals(hit[1])) {
                        spans.add(match(s));
                    }
                }
            }
        }
        int n = 0;
        for (String value : sharedValues) {
            if (n++ >= MAX_SHARED_VALUES) {
                break;
            }
            for (String[] hit : spansCarrying(value)) {
                addTrace(traces, hit[0], Relation.SHARES_CORRELATION);
            }
        }
        return new Result(id, List.copyOf(traces.values()), spans, List.copyOf(sharedValues));
    }

    /** [trace ID, span ID] of spans whose correlation field holds {@code value}, from the days that have it. */
    private List<String[]> spansCarrying(String value) throws IOException {
        List<String> days = store.correlationDays(value);
        List<String[]> out = new ArrayList<>();
        if (days.isEmpty()) {
            return out;
        }
        Query q = index.correlationQuery(value);
        index.searchDays(days, Long.MIN_VALUE, Long.MAX_VALUE, (day, searcher) -> {
            TopDocs top = searcher.search(q, MAX_SPANS - out.size());
            for (ScoreDoc sd : top.scoreDocs) {
                out.add(new String[] {HexIds.toHex(TraceSearch.bytes(searcher, sd.doc, SpanFields.TRACE_ID)),
                        HexIds.toHex(TraceSearch.spanId(searcher, sd.doc))});
            }
            return out.size() < MAX_SPANS;
        });
        return out;
    }

    /** Adds a trace if it is stored and there is room; returns its spans (null when absent or no room). */
    private List<StoredSpan> addTrace(Map<String, Related> traces, String hex, Relation relation) throws IOException {
        Related known = traces.get(hex);
        if (known == null && traces.size() >= MAX_TRACES) {
            return null;
        }
        TraceId id = asTraceId(hex);
        List<StoredSpan> spans = id == null ? List.of() : store.trace(id);
        if (spans.isEmpty()) {
            return null;
        }
        if (known == null) {
            traces.put(hex, new Related(TraceSummary.of(spans), relation));
        }
        return spans;
    }

    private static SpanMatch match(StoredSpan s) {
        Span span = s.span();
        return new SpanMatch(HexIds.toHex(span.getTraceId()), HexIds.toHex(span.getSpanId()),
                SpanIndex.serviceName(s.resource().getResource().getAttributesList()), span.getName(),
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
