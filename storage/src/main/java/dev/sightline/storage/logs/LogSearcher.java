package dev.sightline.storage.logs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/**
 * The {@link LogReader} over a {@link LogIndex}: pages of records in time order, histograms, field names and top
 * values. Every query is checked against {@link LogLimits} before it runs and stopped when it overruns the time
 * budget. Thread-safe; cheap to create.
 */
public final class LogSearcher implements LogReader {
    private static final Set<String> SOURCE_ONLY = Set.of(LogFields.SOURCE);

    private final LogIndex index;
    private final LogLimits limits;

    LogSearcher(LogIndex index, LogLimits limits) {
        this.index = index;
        this.limits = limits;
    }

    @Override
    public LogPage search(LogSearch search) throws IOException, LogQueryException {
        Query user = parse(search.query(), search.endNanos() - search.startNanos());
        return page(user, search.startNanos(), search.endNanos(), search.limit(), search.descending(), search.after());
    }

    @Override
    public LogPage byTrace(String traceIdHex, int limit, LogCursor after) throws IOException, LogQueryException {
        Query q = new TermQuery(new Term(LogFields.TRACE_ID, traceIdHex.toLowerCase(java.util.Locale.ROOT)));
        return page(q, Long.MIN_VALUE, Long.MAX_VALUE, limit, false, after);
    }

    @Override
    public LogPage byCorrelation(String value, int limit) throws IOException, LogQueryException {
        Query q = new TermQuery(new Term(LogFields.CORRELATION, value));
        return page(q, Long.MIN_VALUE, Long.MAX_VALUE, limit, false, null);
    }

    Query parse(String text, long windowNanos) throws LogQueryException {
        LogQueryParser parser = new LogQueryParser();
        Query q = parser.parseQuery(text);
        int[] leaves = {0};
        q.visit(new QueryVisitor() {
            @Override
            public void consumeTerms(Query query, Term... terms) {
                leaves[0]++;
            }

            @Override
            public void visitLeaf(Query query) {
                leaves[0]++;
            }

            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return this;
            }
        });
        if (leaves[0] > limits.maxClauses()) {
            throw new LogQueryException("query is too expensive: it has " + leaves[0] + " clauses, more than the limit of "
                    + limits.maxClauses());
        }
        if (parser.hasLeadingWildcard() && windowNanos > limits.leadingWildcardMaxWindow().toNanos()) {
            throw new LogQueryException("query is too expensive: a term starting with a wildcard is allowed on a time "
                    + "window of at most " + limits.leadingWildcardMaxWindow() + "; narrow start..end or drop the "
                    + "leading wildcard");
        }
        return q;
    }

    private static Query within(Query user, long start, long endExclusive) {
        if (endExclusive <= start) {
            return new MatchNoDocsQuery("empty time window");
        }
        return new BooleanQuery.Builder()
                .add(user, BooleanClause.Occur.FILTER)
                .add(LongPoint.newRangeQuery(LogFields.TIME, start, endExclusive - 1), BooleanClause.Occur.FILTER)
                .build();
    }

    private LogPage page(Query user, long start, long end, int limit, boolean descending, LogCursor after)
            throws IOException, LogQueryException {
        if (after != null) { // records before the cursor (in page order) cannot follow it
            if (descending) {
                end = Math.min(end, after.time() == Long.MAX_VALUE ? end : after.time() + 1);
            } else {
                start = Math.max(start, after.time());
            }
        }
        Query q = within(user, start, end);
        Sort sort = sort(descending);
        FieldDoc afterDoc = after == null ? null
                : new FieldDoc(0, Float.NaN, new Object[] {after.time(), after.lsn(), after.ordinal()});
        Deadline deadline = new Deadline(limits.timeBudget());
        List<StoredLog> out = new ArrayList<>();
        List<LogCursor> keys = new ArrayList<>();
        index.search(start, end, descending, (day, shared) -> {
            IndexSearcher s = deadline.searcher(shared.getIndexReader());
            int want = limit + 1 - out.size() + (afterDoc == null ? 0 : 1);
            TopDocs top = afterDoc == null ? s.search(q, want, sort) : s.searchAfter(afterDoc, q, want, sort);
            deadline.check(s);
            for (ScoreDoc sd : top.scoreDocs) {
                Object[] f = ((FieldDoc) sd).fields;
                LogCursor key = new LogCursor((Long) f[0], (Long) f[1], (Long) f[2]);
                if (key.equals(after)) {
                    continue; // the previous page's last record (search-after includes ties)
                }
                if (out.size() > limit) {
                    break;
                }
                byte[] source = s.storedFields().document(sd.doc, SOURCE_ONLY).getBinaryValue(LogFields.SOURCE).bytes;
                out.add(StoredLog.decode(source));
                keys.add(key);
            }
            return out.size() <= limit; // one record past the page says whether there is a next one
        });
        if (out.size() > limit) {
            return new LogPage(out.subList(0, limit), keys.get(limit - 1));
        }
        return new LogPage(out, null);
    }

    /** Time order, ties broken by WAL LSN and ordinal: unique per record, so pages never repeat or skip one. */
    static Sort sort(boolean descending) {
        return new Sort(new SortField(LogFields.TIME, SortField.Type.LONG, descending),
                new SortField(LogFields.LSN, SortField.Type.LONG, descending),
                new SortField(LogFields.ORD, SortField.Type.LONG, descending));
    }

    @Override
    public long[] histogram(String query, long start, long end, long stepNanos) throws IOException, LogQueryException {
        return new LogAggregations(index, limits).histogram(parse(query, end - start), start, end, stepNanos);
    }

    @Override
    public long[] matchTimes(String query, long start, long end, int max) throws IOException, LogQueryException {
        return new LogAggregations(index, limits).times(parse(query, end - start), start, end, max);
    }

    @Override
    public List<String> fields(long start, long end) throws IOException, LogQueryException {
        return new LogAggregations(index, limits).fields(start, end);
    }

    @Override
    public List<ValueCount> topValues(String field, String query, long start, long end, int limit)
            throws IOException, LogQueryException {
        if (!LogFields.hasValues(field)) {
            throw new LogQueryException("field \"" + field + "\" has no values list; use service, severity, scope, "
                    + "attributes.<key> or resource.<key>");
        }
        return new LogAggregations(index, limits).topValues(field, parse(query, end - start), start, end, limit);
    }

    static Query windowed(Query user, long start, long end) {
        return within(user, start, end);
    }

    /** The query's time budget, shared by every partition it searches. */
    static final class Deadline {
        private final long deadlineNanos;
        private final long budgetMillis;

        Deadline(java.time.Duration budget) {
            this.budgetMillis = budget.toMillis();
            this.deadlineNanos = System.nanoTime() + budget.toNanos();
        }

        IndexSearcher searcher(org.apache.lucene.index.IndexReader reader) throws LogQueryException {
            exceeded();
            IndexSearcher s = new IndexSearcher(reader);
            s.setTimeout(() -> System.nanoTime() - deadlineNanos > 0);
            return s;
        }

        void check(IndexSearcher s) throws LogQueryException {
            if (s.timedOut()) {
                throw tooSlow();
            }
        }

        private void exceeded() throws LogQueryException {
            if (System.nanoTime() - deadlineNanos > 0) {
                throw tooSlow();
            }
        }

        private LogQueryException tooSlow() {
            return new LogQueryException("query is too expensive: it ran past the time budget of " + budgetMillis
                    + " ms; narrow the time window or make the query more selective");
        }
    }
}
