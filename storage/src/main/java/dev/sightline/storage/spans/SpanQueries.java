package dev.sightline.storage.spans;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;

/** Plain Lucene queries over every partition of a span index: counts and distinct trace IDs. Stateless. */
final class SpanQueries {
    private SpanQueries() {
    }

    /** Number of spans matching {@code query} across all partitions. */
    static long count(SpanIndex index, Query query) throws IOException {
        long[] total = {0};
        index.searchNewestFirst(Long.MIN_VALUE, Long.MAX_VALUE, (day, s) -> {
            total[0] += s.count(query);
            return true;
        });
        return total[0];
    }

    /** Trace IDs (hex) of spans matching {@code query}, distinct, newest day first, at most {@code limit}. */
    static Set<String> traceIds(SpanIndex index, Query query, int limit) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        index.searchNewestFirst(Long.MIN_VALUE, Long.MAX_VALUE, (day, s) -> {
            TopDocs top = s.search(query, limit);
            for (ScoreDoc sd : top.scoreDocs) {
                out.add(SpanDocValues.traceIdHex(s, sd.doc));
                if (out.size() >= limit) {
                    return false;
                }
            }
            return true;
        });
        return out;
    }
}
