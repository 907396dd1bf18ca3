package dev.sightline.storage.spans;

import dev.sightline.storage.model.Days;
import dev.sightline.storage.model.ServiceName;
import dev.sightline.storage.partition.DaySink;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The Lucene documents of one WAL record: one per block of spans that share a resource and a UTC start day,
 * at most {@code SpanBlockBuilder.MAX_SPANS} spans each. The spans themselves are read from the trace store;
 * a block stores only what searches check per span. Field names are the query vocabulary; see
 * {@link SpanFields}.
 */
public final class SpanDocuments {
    private static final long DAY_NANOS = 86_400_000_000_000L;

    private SpanDocuments() {
    }

    /**
     * Adds the block documents of {@code request} to {@code sink}, each to the day of its spans' start; spans of
     * days the sink skips are left out before anything is built. Public for the benchmarks.
     */
    public static void addBlocks(ExportTraceServiceRequest request, DaySink sink) throws IOException {
        Map<String, SpanBlockBuilder> open = new HashMap<>(4);
        for (ResourceSpans rs : request.getResourceSpansList()) {
            String service = ServiceName.of(rs.getResource().getAttributesList());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                String scope = ss.getScope().getName();
                String day = null;
                long dayFrom = 0;
                long dayTo = 0;
                SpanBlockBuilder block = null;
                for (Span span : ss.getSpansList()) {
                    long start = span.getStartTimeUnixNano();
                    if (day == null || start < dayFrom || start >= dayTo) {
                        day = Days.of(start);
                        dayFrom = Days.startNanos(day);
                        dayTo = dayFrom + DAY_NANOS;
                        block = sink.skips(day) ? null
                                : open.computeIfAbsent(day, k -> new SpanBlockBuilder(service,
                                        rs.getResource().getAttributesList()));
                    }
                    if (block != null) {
                        block.add(scope, span);
                        if (block.isFull()) {
                            sink.add(day, block.toDocument());
                            block = new SpanBlockBuilder(service, rs.getResource().getAttributesList());
                            open.put(day, block);
                        }
                    }
                }
            }
            for (Map.Entry<String, SpanBlockBuilder> e : open.entrySet()) {
                if (e.getValue().size() > 0) {
                    sink.add(e.getKey(), e.getValue().toDocument());
                }
            }
            open.clear();
        }
    }
}
