package dev.sightline.storage.logs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.FixedBitSet;

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
        eachMatch(user, start, end, (block, view, i) -> sink.accept(block.time(i)));
    }

    /** A record of a block that matched. */
    @FunctionalInterface
    private interface MatchSink {
        void accept(LogBlock block, BlockView view, int record);
    }

    /** Passes every record matching {@code user} in [start, end) to {@code sink}, block by block. */
    private void eachMatch(Query user, long start, long end, MatchSink sink) throws IOException, LogQueryException {
        if (end <= start) {
            return;
        }
        BlockMatcher matcher = BlockMatcher.compile(user, index.analyzer());
        Query blocks = LogBlocks.query(index.widen(user), start, end);
        LogSearcher.Deadline deadline = new LogSearcher.Deadline(limits.timeBudget());
        index.search(start, end, false, (day, shared) -> {
            IndexSearcher s = deadline.searcher(shared.getIndexReader());
            List<LogBlocks.Ref> refs = LogBlocks.find(s, blocks);
            deadline.check(s);
            for (LogBlocks.Ref ref : refs) {
                deadline.exceeded();
                LogBlock block = LogBlocks.load(s, ref.doc());
                BlockView view = index.view(block, start, end);
                FixedBitSet matched = matcher.matchesAll() ? null : matcher.matches(view);
                for (int i = view.from(); i < view.to(); i++) {
                    long t = block.time(i);
                    if (t >= start && t < end && (matched == null || matched.get(i))) {
                        sink.accept(block, view, i);
                    }
                }
            }
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
        eachMatch(user, start, end, (block, view, i) -> {
            Set<String> seen = new HashSet<>();
            for (String v : view.keywords(field, i)) {
                String counted = LogValues.counted(v);
                if (seen.add(counted)) { // a record counts once per value, as a set of doc values did
                    counts.merge(counted, 1L, Long::sum);
                }
            }
        });
        return counts.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, Long> e) -> -e.getValue()).thenComparing(Map.Entry::getKey))
                .limit(limit)
                .map(e -> new ValueCount(e.getKey(), e.getValue()))
                .toList();
    }

}
