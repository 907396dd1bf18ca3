package dev.sightline.query.promql.storage;

import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.Matcher;
import dev.sightline.storage.series.SampleIterator;
import dev.sightline.storage.series.Series;
import dev.sightline.storage.series.SeriesSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Series held in memory, for tests and benchmarks. Samples must be appended in time order per series
 * (a sample at an existing timestamp replaces it). Appends are not thread-safe; reads are once loading ends.
 */
public final class InMemorySeriesSource implements SeriesSource {
    private final Map<Labels, Column> series = new ConcurrentHashMap<>();

    public void add(Labels labels, long timestamp, double value) {
        series.computeIfAbsent(labels, l -> new Column()).append(timestamp, value);
    }

    public void clear() {
        series.clear();
    }

    public int seriesCount() {
        return series.size();
    }

    @Override
    public List<? extends Series> select(long mint, long maxt, List<Matcher> matchers) {
        List<Series> out = new ArrayList<>();
        for (Map.Entry<Labels, Column> e : series.entrySet()) {
            Labels l = e.getKey();
            boolean ok = true;
            for (Matcher m : matchers) {
                if (!m.matches(l.get(m.name()))) {
                    ok = false;
                    break;
                }
            }
            if (!ok) {
                continue;
            }
            Column c = e.getValue();
            int from = c.firstAtOrAfter(mint);
            int to = c.firstAtOrAfter(maxt + 1);
            if (from < to) {
                out.add(new Slice(l, c, from, to));
            }
        }
        return out;
    }

    private static final class Column {
        long[] ts = new long[8];
        double[] vs = new double[8];
        int n;

        void append(long t, double v) {
            if (n > 0 && ts[n - 1] == t) {
                vs[n - 1] = v;
                return;
            }
            if (n > 0 && ts[n - 1] > t) {
                throw new IllegalArgumentException("out of order sample at " + t + " after " + ts[n - 1]);
            }
            if (n == ts.length) {
                ts = Arrays.copyOf(ts, n * 2);
                vs = Arrays.copyOf(vs, n * 2);
            }
            ts[n] = t;
            vs[n] = v;
            n++;
        }

        int firstAtOrAfter(long t) {
            int lo = 0;
            int hi = n;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (ts[mid] < t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    private record Slice(Labels labels, Column column, int from, int to) implements Series {
        @Override
        public SampleIterator samples() {
            return new SampleIterator() {
                int i = from - 1;

                @Override
                public boolean next() {
                    return ++i < to;
                }

                @Override
                public long timestamp() {
                    return column.ts[i];
                }

                @Override
                public double value() {
                    return column.vs[i];
                }
            };
        }
    }
}
