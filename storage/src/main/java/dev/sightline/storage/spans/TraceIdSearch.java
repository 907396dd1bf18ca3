package dev.sightline.storage.spans;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/**
 * Finds the traces whose spans match a {@link TraceQuery}: one Lucene query per day partition overlapping the
 * time range, newest day first, spans sorted by start time descending, trace IDs collected until the limit of
 * distinct traces is reached. The limit counts traces after every filter, unlike Jaeger, which limits spans
 * before grouping them into traces. Thread-safe.
 */
final class TraceIdSearch {
    private static final Sort NEWEST_FIRST = new Sort(new SortField(SpanFields.START, SortField.Type.LONG, true));

    private final SpanIndex index;

    TraceIdSearch(SpanIndex index) {
        this.index = index;
    }

    /** Trace IDs (hex) of matching traces, the most recently matched first, at most {@code query.limit()}. */
    List<String> traceIds(TraceQuery query) throws IOException {
        Query lucene = toLucene(query);
        Set<String> found = new LinkedHashSet<>();
        int page = Math.max(100, query.limit() * 4);
        index.searchNewestFirst(query.startNanos(), query.endNanos(), (day, searcher) -> {
            FieldDoc after = null;
            while (true) {
                TopDocs top = after == null ? searcher.search(lucene, page, NEWEST_FIRST)
                        : searcher.searchAfter(after, lucene, page, NEWEST_FIRST);
                for (ScoreDoc sd : top.scoreDocs) {
                    found.add(SpanDocValues.traceIdHex(searcher, sd.doc));
                    if (found.size() >= query.limit()) {
                        return false;
                    }
                }
                if (top.scoreDocs.length < page) {
                    return true;
                }
                after = (FieldDoc) top.scoreDocs[top.scoreDocs.length - 1];
            }
        });
        return List.copyOf(found);
    }

    static Query toLucene(TraceQuery q) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        b.add(LongPoint.newRangeQuery(SpanFields.START, q.startNanos(), q.endNanos()), Occur.FILTER);
        if (q.service() != null) {
            b.add(new TermQuery(new Term(SpanFields.SERVICE, q.service())), Occur.FILTER);
        }
        if (q.operation() != null) {
            b.add(new TermQuery(new Term(SpanFields.NAME, q.operation())), Occur.FILTER);
        }
        if (q.minDurationNanos() > 0 || q.maxDurationNanos() < Long.MAX_VALUE) {
            b.add(LongPoint.newRangeQuery(SpanFields.DURATION, q.minDurationNanos(), q.maxDurationNanos()),
                    Occur.FILTER);
        }
        for (Map.Entry<String, String> tag : q.tags().entrySet()) {
            b.add(tagQuery(tag.getKey(), tag.getValue()), Occur.FILTER);
        }
        return b.build();
    }

    /** One Jaeger tag condition: the reserved keys map to span fields, others to span or resource attributes. */
    static Query tagQuery(String key, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return switch (key) {
            case "error" -> switch (lower) {
                case "true" -> new TermQuery(new Term(SpanFields.STATUS, "error"));
                case "false" -> new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER)
                        .add(new TermQuery(new Term(SpanFields.STATUS, "error")), Occur.MUST_NOT).build();
                default -> attribute(key, value);
            };
            case "span.kind" -> new TermQuery(new Term(SpanFields.KIND, lower));
            case "otel.status_code" -> new TermQuery(new Term(SpanFields.STATUS, lower));
            case "http.status_code" -> new BooleanQuery.Builder()
                    .add(attribute(key, value), Occur.SHOULD)
                    .add(attribute("http.response.status_code", value), Occur.SHOULD)
                    .build();
            default -> attribute(key, value);
        };
    }

    private static Query attribute(String key, String value) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(SpanFields.ATTRIBUTE_PREFIX + key, value)), Occur.SHOULD)
                .add(new TermQuery(new Term(SpanFields.RESOURCE_PREFIX + key, value)), Occur.SHOULD)
                .build();
    }
}
