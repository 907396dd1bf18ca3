package dev.sightline.storage.spans;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.model.TraceId;
import dev.sightline.storage.traces.TraceStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Spans related to an ID over the full retention, with no time range: spans linking to a trace, and spans
 * carrying a correlation value. The trace store's per-day directory says which days hold a correlation value, so
 * only those day partitions are searched. Both are per-span conditions ({@link SpanCondition}): a block is a
 * candidate when one of its spans has the term, and each of its spans is checked. Thread-safe.
 */
final class CorrelatedSpans {
    private final TraceStore store;
    private final SpanIndex index;
    private final CorrelationKeys keys;

    CorrelatedSpans(TraceStore store, SpanIndex index, CorrelationKeys keys) {
        this.store = store;
        this.index = index;
        this.keys = keys;
    }

    Set<String> tracesLinkingTo(TraceId traceId, int max) throws IOException {
        return SpanQueries.traceIds(index, new TermQuery(new Term(SpanFields.LINK_TRACE_ID, traceId.hex())), max);
    }

    List<SpanRef> spansCarrying(String value, int max) throws IOException {
        List<String> days = store.correlationDays(value);
        List<SpanRef> out = new ArrayList<>();
        if (days.isEmpty() || max <= 0) {
            return out;
        }
        SpanCondition condition = SpanCondition.of(correlationQuery(value));
        index.searchDays(days, (day, searcher) -> SpanBlocks.scan(searcher, condition.blockQuery(), block -> {
            IntPredicate match = condition.bind(block);
            for (int i = 0; i < block.size && !SpanCondition.none(match); i++) {
                if (match.test(i)) {
                    out.add(new SpanRef(block.traceIdHex(i), HexIds.toHex(SpanFields.spanIdBytes(block.spanId[i]))));
                    if (out.size() >= max) {
                        return false;
                    }
                }
            }
            return true;
        }));
        return out;
    }

    /**
     * Spans carrying {@code value} in any configured correlation attribute, on the span or its resource. The
     * attributes are indexed anyway ({@code attributes.<key>}, {@code resource.<key>}), so correlation values cost
     * no field of their own.
     */
    Query correlationQuery(String value) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String key : keys.keys()) {
            b.add(new TermQuery(new Term(SpanFields.ATTRIBUTE_PREFIX + key, value)), BooleanClause.Occur.SHOULD);
            b.add(new TermQuery(new Term(SpanFields.RESOURCE_PREFIX + key, value)), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }
}
