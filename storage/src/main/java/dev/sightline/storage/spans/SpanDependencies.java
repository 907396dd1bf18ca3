package dev.sightline.storage.spans;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.util.BytesRef;

/**
 * The service dependency graph, computed from stored spans on request (no batch job): for every span in the
 * window whose parent span is also in the window and belongs to another service, one call from the parent's
 * service to the span's. Reads only doc values. Memory grows with the spans in the window (about 100 bytes per
 * span), which bounds the useful lookback on very large stores. Thread-safe.
 */
final class SpanDependencies {
    private final SpanIndex index;

    SpanDependencies(SpanIndex index) {
        this.index = index;
    }

    /** Edges among spans starting in [{@code startNanos}, {@code endNanos}], sorted by parent then child. */
    List<DependencyEdge> edges(long startNanos, long endNanos) throws IOException {
        Map<ByteBuffer, String> serviceOfSpan = new HashMap<>();
        List<ByteBuffer> childParents = new ArrayList<>();
        List<String> childServices = new ArrayList<>();
        index.searchNewestFirst(startNanos, endNanos, (day, searcher) -> {
            searcher.search(LongPoint.newRangeQuery(SpanFields.START, startNanos, endNanos), new SimpleCollector() {
                SortedDocValues trace;
                NumericDocValues span;
                NumericDocValues parent;
                SortedDocValues service;

                @Override
                protected void doSetNextReader(LeafReaderContext context) throws IOException {
                    trace = context.reader().getSortedDocValues(SpanFields.TRACE_ID);
                    span = context.reader().getNumericDocValues(SpanFields.SPAN_ID);
                    parent = context.reader().getNumericDocValues(SpanFields.PARENT_SPAN_ID);
                    service = context.reader().getSortedDocValues(SpanFields.SERVICE);
                }

                @Override
                public void collect(int doc) throws IOException {
                    if (trace == null || span == null || service == null || !trace.advanceExact(doc)
                            || !span.advanceExact(doc) || !service.advanceExact(doc)) {
                        return;
                    }
                    BytesRef t = trace.lookupOrd(trace.ordValue());
                    String svc = service.lookupOrd(service.ordValue()).utf8ToString();
                    serviceOfSpan.put(key(t, span.longValue()), svc);
                    if (parent != null && parent.advanceExact(doc)) {
                        childParents.add(key(t, parent.longValue()));
                        childServices.add(svc);
                    }
                }

                @Override
                public ScoreMode scoreMode() {
                    return ScoreMode.COMPLETE_NO_SCORES;
                }
            });
            return true;
        });
        Map<String, Map<String, Long>> counts = new TreeMap<>();
        for (int i = 0; i < childParents.size(); i++) {
            String parentService = serviceOfSpan.get(childParents.get(i));
            String childService = childServices.get(i);
            if (parentService != null && !parentService.equals(childService)) {
                counts.computeIfAbsent(parentService, k -> new TreeMap<>()).merge(childService, 1L, Long::sum);
            }
        }
        List<DependencyEdge> out = new ArrayList<>();
        counts.forEach((p, children) -> children.forEach((c, n) -> out.add(new DependencyEdge(p, c, n))));
        return out;
    }

    private static ByteBuffer key(BytesRef traceId, long spanId) {
        ByteBuffer b = ByteBuffer.allocate(traceId.length + Long.BYTES);
        b.put(traceId.bytes, traceId.offset, traceId.length).putLong(spanId);
        return b.flip();
    }
}
