package dev.sightline.query.promql.eval;

import dev.sightline.query.promql.storage.Labels;

/** A selected series' samples copied out of storage for the query's duration. */
record LoadedSeries(Labels labels, long[] ts, double[] vs, int n) {
    /** Index of the last sample at or before {@code t}, or -1. */
    int lastAtOrBefore(long t) {
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
        return lo - 1;
    }
}
