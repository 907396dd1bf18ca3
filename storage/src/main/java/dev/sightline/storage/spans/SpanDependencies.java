package dev.sightline.storage.spans;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.document.LongRange;

/**
 * The service dependency graph, computed from stored spans on request (no batch job): for every span in the
 * window whose parent span is also in the window and belongs to another service, one call from the parent's
 * service to the span's. Reads the blocks whose starts meet the window and, of those, the spans that start in
 * it. Memory grows with the spans in the window (about 100 bytes per span), which bounds the useful lookback on
 * very large stores. Thread-safe.
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
        if (startNanos <= endNanos) {
            var window = LongRange.newIntersectsQuery(SpanFields.START, new long[] {startNanos},
                    new long[] {endNanos});
            index.searchNewestFirst(startNanos, endNanos, (day, searcher) -> SpanBlocks.scan(searcher, window, b -> {
                for (int i = 0; i < b.size; i++) {
                    if (b.start[i] < startNanos || b.start[i] > endNanos) {
                        continue;
                    }
                    byte[] trace = b.traceIds[b.trace[i]];
                    serviceOfSpan.put(key(trace, b.spanId[i]), b.service);
                    if (b.hasParent[i]) {
                        childParents.add(key(trace, b.parentId[i]));
                        childServices.add(b.service);
                    }
                }
                return true;
            }));
        }
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

    private static ByteBuffer key(byte[] traceId, long spanId) {
        return ByteBuffer.allocate(traceId.length + Long.BYTES).put(traceId).putLong(spanId).flip();
    }
}
