package dev.sightline.storage.logs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;

/** Counts over matching records: per time bucket, per field value; and the field names present. */
final class LogAggregations {
    /** Most buckets one histogram may have. */
    public static final int MAX_BUCKETS = 10_000;

    private final LogIndex index;
    private final LogLimits limits;

    LogAggregations(LogIndex index, LogLimits limits) {
        this.index = index;
        this.limits = limits;
    }

    long[] histogram(Query user, long start, long end, long step) throws IOException, LogQueryException {
        if (step <= 0) {
            throw new LogQueryException("step must be positive, got " + step + " ns");
        }
        long buckets = Math.max(1, (end - start + step - 1) / step);
        if (buckets > MAX_BUCKETS) {
            throw new LogQueryException("step is too small: the window would have " + buckets + " buckets, more than "
                    + MAX_BUCKETS);
        }
        long[] counts = new long[(int) buckets];
        eachTime(user, start, end, t -> counts[(int) ((t - start) / step)]++);
        return counts;
    }

    /** Times (ns) of the records matching {@code user} in [start, end), ascending; refused past {@code max}. */
    long[] times(Query user, long start, long end, int max) throws IOException, LogQueryException {
        long[][] out = {new long[64]};
        int[] n = {0};
        try {
            eachTime(user, start, end, t -> {
                synchronized (out) {
                    if (n[0] == max) {
                        throw new TooMany();
                    }
                    if (n[0] == out[0].length) {
                        out[0] = java.util.Arrays.copyOf(out[0], n[0] * 2);
                    }
                    out[0][n[0]++] = t;
                }
            });
        } catch (TooMany e) {
            throw new LogQueryException("more than " + max + " records match in the window");
        }
        long[] times = java.util.Arrays.copyOf(out[0], n[0]);
        java.util.Arrays.sort(times);
        return times;
    }

    /** Passes the time of every record matching {@code user} in [start, end) to {@code sink}, in no order. */
    private void eachTime(Query user, long start, long end, LongConsumer sink) throws IOException, LogQueryException {
        Query q = LogSearcher.windowed(user, start, end);
        LogSearcher.Deadline deadline = new LogSearcher.Deadline(limits.timeBudget());
        index.search(start, end, false, (day, shared) -> {
            IndexSearcher s = deadline.searcher(shared.getIndexReader());
            s.search(q, manager(() -> new Counting() {
                NumericDocValues times;

                @Override
                protected void doSetNextReader(LeafReaderContext ctx) throws IOException {
                    times = DocValues.getNumeric(ctx.reader(), LogFields.TIME);
                }

                @Override
                public void collect(int doc) throws IOException {
                    if (times.advanceExact(doc)) {
                        sink.accept(times.longValue());
                    }
                }
            }));
            deadline.check(s);
            return true;
        });
    }

    private static final class TooMany extends RuntimeException {
        TooMany() {
            super(null, null, false, false);
        }
    }

    List<String> fields(long start, long end) throws IOException, LogQueryException {
        TreeSet<String> names = new TreeSet<>();
        index.search(start, end, false, (day, s) -> {
            for (FieldInfo fi : FieldInfos.getMergedFieldInfos(s.getIndexReader())) {
                if (LogFields.isPublic(fi.name)) {
                    names.add(fi.name);
                }
            }
            return true;
        });
        return new ArrayList<>(names);
    }

    List<ValueCount> topValues(String field, Query user, long start, long end, int limit)
            throws IOException, LogQueryException {
        Map<String, Long> counts = new HashMap<>();
        Query q = LogSearcher.windowed(user, start, end);
        LogSearcher.Deadline deadline = new LogSearcher.Deadline(limits.timeBudget());
        index.search(start, end, false, (day, shared) -> {
            IndexSearcher s = deadline.searcher(shared.getIndexReader());
            s.search(q, manager(() -> new Counting() {
                SortedSetDocValues values;

                @Override
                protected void doSetNextReader(LeafReaderContext ctx) throws IOException {
                    values = DocValues.getSortedSet(ctx.reader(), field);
                }

                @Override
                public void collect(int doc) throws IOException {
                    if (values.advanceExact(doc)) {
                        for (int i = 0; i < values.docValueCount(); i++) {
                            String v = values.lookupOrd(values.nextOrd()).utf8ToString();
                            counts.merge(v, 1L, Long::sum);
                        }
                    }
                }
            }));
            deadline.check(s);
            return true;
        });
        return counts.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue()).thenComparing(Map.Entry::getKey))
                .limit(limit)
                .map(e -> new ValueCount(e.getKey(), e.getValue()))
                .toList();
    }

    /** A collector that needs no scores. */
    private abstract static class Counting extends SimpleCollector {
        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }

        @Override
        public void setScorer(Scorable scorer) {
        }
    }

    /** Runs one collector per slice; searchers here have no executor, so slices run in turn on this thread. */
    private static CollectorManager<Counting, Void> manager(java.util.function.Supplier<Counting> collectors) {
        return new CollectorManager<>() {
            @Override
            public Counting newCollector() {
                return collectors.get();
            }

            @Override
            public Void reduce(Collection<Counting> all) {
                return null;
            }
        };
    }

}
