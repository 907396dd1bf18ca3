package dev.sightline.storage.logs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.util.BytesRef;

/** Finding a partition's block documents for a query and window, and reading a block's records. */
final class LogBlocks {
    private static final Set<String> BLOCK_ONLY = Set.of(LogFields.BLOCK);

    private LogBlocks() {
    }

    /** A block document of a partition, with its records' time span. */
    record Ref(int doc, long minTime, long maxTime) {
    }

    /** Blocks whose documents match {@code widened} and whose time span meets [start, endExclusive). */
    static Query query(Query widened, long start, long endExclusive) {
        return new BooleanQuery.Builder()
                .add(widened, BooleanClause.Occur.FILTER)
                .add(LongPoint.newRangeQuery(LogFields.MIN_TIME, Long.MIN_VALUE, endExclusive - 1),
                        BooleanClause.Occur.FILTER)
                .add(LongPoint.newRangeQuery(LogFields.MAX_TIME, start, Long.MAX_VALUE), BooleanClause.Occur.FILTER)
                .build();
    }

    /** Every block of the searcher's partition that matches {@code query}, in no order. */
    static List<Ref> find(IndexSearcher searcher, Query query) throws IOException {
        return searcher.search(query, new CollectorManager<Finder, List<Ref>>() {
            @Override
            public Finder newCollector() {
                return new Finder();
            }

            @Override
            public List<Ref> reduce(Collection<Finder> finders) {
                List<Ref> all = new ArrayList<>();
                finders.forEach(f -> all.addAll(f.found));
                return all;
            }
        });
    }

    /** The records of block document {@code doc}. */
    static LogBlock load(IndexSearcher searcher, int doc) throws IOException {
        BytesRef b = searcher.storedFields().document(doc, BLOCK_ONLY).getBinaryValue(LogFields.BLOCK);
        if (b == null) {
            throw new LogBlock.CorruptBlockException("log index document " + doc + " has no block");
        }
        return LogBlock.decode(b.bytes, b.offset, b.length);
    }

    private static final class Finder extends SimpleCollector {
        final List<Ref> found = new ArrayList<>();
        private int base;
        private NumericDocValues min;
        private NumericDocValues max;

        @Override
        protected void doSetNextReader(LeafReaderContext ctx) throws IOException {
            base = ctx.docBase;
            min = DocValues.getNumeric(ctx.reader(), LogFields.MIN_TIME);
            max = DocValues.getNumeric(ctx.reader(), LogFields.MAX_TIME);
        }

        @Override
        public void collect(int doc) throws IOException {
            long lo = min.advanceExact(doc) ? min.longValue() : Long.MIN_VALUE;
            long hi = max.advanceExact(doc) ? max.longValue() : Long.MAX_VALUE;
            found.add(new Ref(base + doc, lo, hi));
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }

        @Override
        public void setScorer(Scorable scorer) {
        }
    }
}
