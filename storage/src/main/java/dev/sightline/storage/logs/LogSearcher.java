package dev.sightline.storage.logs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.FixedBitSet;

/**
 * The {@link LogReader} over a {@link LogIndex}: pages of records in time order, histograms, field names and top
 * values. Each query finds the block documents that may hold a match ({@link BlockMatcher#widen}) and checks their
 * records ({@link BlockMatcher}); a page reads blocks in time order and stops once no further block can improve
 * it. Every query is checked against {@link LogLimits} before it runs and stopped when it overruns the time
 * budget. Thread-safe; cheap to create.
 */
public final class LogSearcher implements LogReader {
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

    private LogPage page(Query user, long start, long end, int limit, boolean descending, LogCursor after)
            throws IOException, LogQueryException {
        if (after != null) { // records before the cursor (in page order) cannot follow it
            if (descending) {
                end = Math.min(end, after.time() == Long.MAX_VALUE ? end : after.time() + 1);
            } else {
                start = Math.max(start, after.time());
            }
        }
        if (end <= start) {
            return new LogPage(List.of(), null);
        }
        long from = start;
        long to = end;
        BlockMatcher matcher = BlockMatcher.compile(user, index.analyzer());
        Query blocks = LogBlocks.query(index.widen(user), from, to);
        Comparator<Hit> order = descending ? Hit.ORDER.reversed() : Hit.ORDER;
        // The page so far plus one record (which says whether there is a next page); its worst record on top.
        PriorityQueue<Hit> best = new PriorityQueue<>(limit + 2, order.reversed());
        Deadline deadline = new Deadline(limits.timeBudget());
        index.search(from, to, descending, (day, shared) -> {
            IndexSearcher s = deadline.searcher(shared.getIndexReader());
            List<LogBlocks.Ref> refs = new ArrayList<>(LogBlocks.find(s, blocks));
            deadline.check(s);
            refs.sort(descending ? Comparator.comparingLong(LogBlocks.Ref::maxTime).reversed()
                    : Comparator.comparingLong(LogBlocks.Ref::minTime));
            for (LogBlocks.Ref ref : refs) {
                if (best.size() > limit) { // full: a block starting after the worst record cannot improve the page
                    long worst = best.peek().key().time();
                    if (descending ? ref.maxTime() < worst : ref.minTime() > worst) {
                        break;
                    }
                }
                deadline.exceeded();
                LogBlock block = LogBlocks.load(s, ref.doc());
                // Only records that could still enter the page are looked at: inside the window, on the right
                // side of the cursor, and (once the page is full) not past its worst record.
                long lo = from;
                long hi = to;
                if (after != null) {
                    lo = descending ? lo : Math.max(lo, after.time());
                    hi = descending ? Math.min(hi, after.time() == Long.MAX_VALUE ? hi : after.time() + 1) : hi;
                }
                if (best.size() > limit) {
                    long worst = best.peek().key().time();
                    lo = descending ? Math.max(lo, worst) : lo;
                    hi = descending ? hi : Math.min(hi, worst == Long.MAX_VALUE ? hi : worst + 1);
                }
                BlockView view = index.view(block, lo, hi);
                FixedBitSet matched = matcher.matchesAll() ? null : matcher.matches(view);
                for (int i = view.from(); i < view.to(); i++) {
                    long t = block.time(i);
                    if (t < from || t >= to || (matched != null && !matched.get(i))) {
                        continue;
                    }
                    LogCursor key = block.key(i);
                    if (after != null && (descending ? key.compareTo(after) >= 0 : key.compareTo(after) <= 0)) {
                        continue;
                    }
                    if (best.size() > limit && order.compare(new Hit(key, null), best.peek()) >= 0) {
                        continue;
                    }
                    best.add(new Hit(key, block.stored(i)));
                    if (best.size() > limit + 1) {
                        best.poll();
                    }
                }
            }
            return best.size() <= limit; // days are disjoint in time: a later day cannot improve a full page
        });
        List<Hit> hits = new ArrayList<>(best);
        hits.sort(order);
        List<StoredLog> out = new ArrayList<>(Math.min(limit, hits.size()));
        for (int i = 0; i < Math.min(limit, hits.size()); i++) {
            out.add(hits.get(i).log());
        }
        return new LogPage(out, hits.size() > limit ? hits.get(limit - 1).key() : null);
    }

    /** A matching record and its sort key. */
    private record Hit(LogCursor key, StoredLog log) {
        static final Comparator<Hit> ORDER = (a, b) -> a.key().compareTo(b.key());
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

        void exceeded() throws LogQueryException {
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
