package dev.sightline.query.promql.value;

import dev.sightline.query.promql.storage.Labels;

/** One series of a range vector: timestamps (ms) and values in time order, {@code n} of them used. */
public record RangeSeries(Labels labels, long[] timestamps, double[] values, int size, boolean dropName) {
    public long t(int i) {
        return timestamps[i];
    }

    public double v(int i) {
        return values[i];
    }
}
