package dev.sightline.storage.spans;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.IntPredicate;
import org.apache.lucene.search.Query;

/**
 * Per-span Lucene queries (see {@link SpanCondition} for what they may be made of) over every partition of a span
 * index: spans counted, distinct trace IDs. Stateless.
 */
final class SpanQueries {
    private SpanQueries() {
    }

    /** Number of spans matching {@code query} across all partitions. */
    static long count(SpanIndex index, Query query) throws IOException {
        SpanCondition condition = SpanCondition.of(query);
        long[] total = {0};
        index.searchNewestFirst(Long.MIN_VALUE, Long.MAX_VALUE, (day, s) -> {
            SpanBlocks.scan(s, condition.blockQuery(), block -> {
                IntPredicate match = condition.bind(block);
                for (int i = 0; i < block.size && !SpanCondition.none(match); i++) {
                    if (match.test(i)) {
                        total[0]++;
                    }
                }
                return true;
            });
            return true;
        });
        return total[0];
    }

    /**
     * Trace IDs (hex) of spans matching {@code query}, distinct, newest day first (within a day, in index order), at
     * most {@code limit}.
     */
    static Set<String> traceIds(SpanIndex index, Query query, int limit) throws IOException {
        SpanCondition condition = SpanCondition.of(query);
        Set<String> out = new LinkedHashSet<>();
        if (limit <= 0) {
            return out;
        }
        index.searchNewestFirst(Long.MIN_VALUE, Long.MAX_VALUE, (day, s) ->
                SpanBlocks.scan(s, condition.blockQuery(), block -> {
                    IntPredicate match = condition.bind(block);
                    for (int i = 0; i < block.size && !SpanCondition.none(match); i++) {
                        if (match.test(i) && out.add(block.traceIdHex(i)) && out.size() >= limit) {
                            return false;
                        }
                    }
                    return true;
                }));
        return out;
    }
}
