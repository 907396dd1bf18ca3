package dev.sightline.storage.spans;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.IntPredicate;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/**
 * Finds the traces whose spans match a {@link TraceQuery}: per day partition overlapping the time range, newest
 * day first, the candidate blocks ({@link SpanCondition#blockQuery()}) in order of their latest span start, newest
 * first; each block's spans are checked against every condition, and matching spans are merged into one order of
 * span start, newest first: a match is final once every block still to come starts before it (blocks are read by
 * their latest start). Trace IDs are collected in that order until the limit of distinct traces is reached. The
 * limit counts traces after every filter, unlike Jaeger, which limits spans before grouping them into traces.
 * Thread-safe.
 */
final class TraceIdSearch {
    private static final Sort NEWEST_FIRST = new Sort(new SortField(SpanFields.MAX_START, SortField.Type.LONG, true));
    /**
     * Blocks read by the first sorted page; each further page is twice as large (up to {@link #MAX_PAGE}), so a
     * query whose candidates rarely hold a matching span re-runs its block query a few times, not once per 64.
     */
    private static final int FIRST_PAGE = 64;
    private static final int MAX_PAGE = 8192;

    private final SpanIndex index;

    TraceIdSearch(SpanIndex index) {
        this.index = index;
    }

    /** A matching span: its start, the order it was found in (ties), its trace. */
    private record Match(long start, long seq, String traceId) {
    }

    /** Trace IDs (hex) of matching traces, the most recently matched first, at most {@code query.limit()}. */
    List<String> traceIds(TraceQuery query) throws IOException {
        SpanCondition condition = SpanCondition.of(toLucene(query));
        Query blocks = condition.blockQuery();
        Set<String> found = new LinkedHashSet<>();
        if (query.limit() <= 0) {
            return List.of();
        }
        index.searchNewestFirst(query.startNanos(), query.endNanos(), (day, searcher) -> {
            PriorityQueue<Match> pending = new PriorityQueue<>((a, b) -> a.start != b.start
                    ? Long.compare(b.start, a.start) : Long.compare(a.seq, b.seq));
            StoredFields fields = searcher.storedFields();
            long seq = 0;
            int page = FIRST_PAGE;
            FieldDoc after = null;
            while (true) {
                TopDocs top = after == null ? searcher.search(blocks, page, NEWEST_FIRST)
                        : searcher.searchAfter(after, blocks, page, NEWEST_FIRST);
                for (ScoreDoc sd : top.scoreDocs) {
                    long latest = (Long) ((FieldDoc) sd).fields[0];
                    if (emit(pending, latest, false, found, query.limit())) {
                        return false;
                    }
                    SpanBlock block = SpanBlocks.read(fields, sd.doc);
                    IntPredicate match = condition.bind(block);
                    if (SpanCondition.none(match)) {
                        continue;
                    }
                    for (int i = 0; i < block.size; i++) {
                        if (match.test(i)) {
                            String trace = block.traceIdHex(i);
                            if (!found.contains(trace)) {
                                pending.add(new Match(block.start[i], seq++, trace));
                            }
                        }
                    }
                }
                if (top.scoreDocs.length < page) {
                    return !emit(pending, Long.MIN_VALUE, true, found, query.limit());
                }
                after = (FieldDoc) top.scoreDocs[top.scoreDocs.length - 1];
                page = Math.min(MAX_PAGE, page * 2);
            }
        });
        return List.copyOf(found);
    }

    /**
     * Moves the pending matches that start after {@code bound} (all of them when {@code all}) to {@code found}, newest
     * first. Returns whether {@code found} reached {@code limit}.
     */
    private static boolean emit(PriorityQueue<Match> pending, long bound, boolean all, Set<String> found, int limit) {
        while (!pending.isEmpty() && (all || pending.peek().start > bound)) {
            found.add(pending.poll().traceId);
            if (found.size() >= limit) {
                return true;
            }
        }
        return false;
    }

    /**
     * The query per span (see {@link SpanCondition}): a trace matches when one of its spans matches all of it.
     * This defines the semantics of a {@link TraceQuery}.
     */
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
                // Every span has exactly one status, so "not error" is "unset or ok": a positive condition, which
                // (unlike a negation) also narrows the candidate blocks.
                case "false" -> new BooleanQuery.Builder()
                        .add(new TermQuery(new Term(SpanFields.STATUS, "unset")), Occur.SHOULD)
                        .add(new TermQuery(new Term(SpanFields.STATUS, "ok")), Occur.SHOULD)
                        .build();
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
