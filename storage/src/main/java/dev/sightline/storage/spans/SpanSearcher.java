package dev.sightline.storage.spans;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.TraceId;
import dev.sightline.storage.traces.StoredSpan;
import dev.sightline.storage.traces.TraceStore;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.apache.lucene.search.Query;

/**
 * The {@link SpanReader} over the trace store and the span index: traces by ID from the store, searches in
 * Lucene over the index's day partitions. Thread-safe; cheap to create.
 */
public final class SpanSearcher implements SpanReader {
    private final TraceStore store;
    private final SpanIndex index;
    private final CorrelationKeys keys;
    private final TraceIdSearch search;
    private final SpanCatalogue catalogue;
    private final SpanDependencies dependencies;
    private final CorrelatedSpans correlated;

    public SpanSearcher(TraceStore store, SpanIndex index, CorrelationKeys keys) {
        this.store = store;
        this.index = index;
        this.keys = keys;
        this.search = new TraceIdSearch(index);
        this.catalogue = new SpanCatalogue(index);
        this.dependencies = new SpanDependencies(index);
        this.correlated = new CorrelatedSpans(store, index, keys);
    }

    @Override
    public List<StoredSpan> trace(TraceId traceId) throws IOException {
        return store.trace(traceId);
    }

    @Override
    public List<String> traceIds(TraceQuery query) throws IOException {
        return search.traceIds(query);
    }

    @Override
    public List<String> services() throws IOException {
        return catalogue.services();
    }

    @Override
    public List<Operation> operations(String service, String spanKind) throws IOException {
        return catalogue.operations(service, spanKind);
    }

    @Override
    public List<DependencyEdge> dependencies(long startNanos, long endNanos) throws IOException {
        return dependencies.edges(startNanos, endNanos);
    }

    @Override
    public Set<String> tracesLinkingTo(TraceId traceId, int max) throws IOException {
        return correlated.tracesLinkingTo(traceId, max);
    }

    @Override
    public List<SpanRef> spansCarrying(String value, int max) throws IOException {
        return correlated.spansCarrying(value, max);
    }

    @Override
    public CorrelationKeys correlationKeys() {
        return keys;
    }

    /**
     * Number of spans matching a Lucene {@code query}, written per span ({@link SpanFields}; see
     * {@code SpanCondition} for what it may be made of), across all partitions (storage's tests and tools).
     */
    public long count(Query query) throws IOException {
        return SpanQueries.count(index, query);
    }

    /**
     * Trace IDs (hex) of spans matching a per-span Lucene {@code query}, distinct, newest day first, at most
     * {@code limit} (storage's tests and tools).
     */
    public Set<String> traceIds(Query query, int limit) throws IOException {
        return SpanQueries.traceIds(index, query, limit);
    }
}
