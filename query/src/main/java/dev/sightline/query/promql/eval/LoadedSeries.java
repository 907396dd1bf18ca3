package dev.sightline.query.promql.eval;

import dev.sightline.storage.model.Labels;

/**
 * A selected series' samples copied out of storage for the query's duration. Keeps a search hint, since
 * successive steps usually look just after the previous position; not thread-safe (one per evaluator).
 */
final class LoadedSeries {
    private final Labels labels;
    private final long[] ts;
    private final double[] vs;
    private final int n;
    private final boolean hasStale;
    private final int[] hints = new int[2];
    private LoadedSeries withoutStale;

    LoadedSeries(Labels labels, long[] ts, double[] vs, int n) {
        this.labels = labels;
        this.ts = ts;
        this.vs = vs;
        this.n = n;
        boolean stale = false;
        for (int i = 0; i < n && !stale; i++) {
            stale = dev.sightline.storage.series.SampleIterator.isStale(vs[i]);
        }
        this.hasStale = stale;
    }

    Labels labels() {
        return labels;
    }

    long[] ts() {
        return ts;
    }

    double[] vs() {
        return vs;
    }

    int n() {
        return n;
    }

    /**
     * This series without its stale markers, which is what range selectors read: a window (lo, ref] of it holds
     * exactly the non-stale samples of the same window here. Itself when there are none; otherwise a copy made
     * on first use and kept, so that windows never copy.
     */
    LoadedSeries withoutStale() {
        if (!hasStale) {
            return this;
        }
        if (withoutStale == null) {
            long[] t = new long[n];
            double[] v = new double[n];
            int m = 0;
            for (int i = 0; i < n; i++) {
                if (!dev.sightline.storage.series.SampleIterator.isStale(vs[i])) {
                    t[m] = ts[i];
                    v[m] = vs[i];
                    m++;
                }
            }
            withoutStale = new LoadedSeries(labels, t, v, m);
        }
        return withoutStale;
    }

    /** Index of the last sample at or before {@code t}, or -1; {@code slot} (0 or 1) names the search hint. */
    int lastAtOrBefore(long t, int slot) {
        int h = hints[slot];
        // Fast path: the answer is at or a few samples after the hint.
        if (h < n && ts[h] <= t) {
            int i = h;
            int limit = Math.min(n, h + 8);
            while (i + 1 < limit && ts[i + 1] <= t) {
                i++;
            }
            if (i + 1 >= n || ts[i + 1] > t) {
                hints[slot] = i;
                return i;
            }
        }
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[mid] <= t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        hints[slot] = Math.max(0, lo - 1);
        return lo - 1;
    }
}
