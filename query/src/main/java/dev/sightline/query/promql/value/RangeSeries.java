package dev.sightline.query.promql.value;

import dev.sightline.storage.model.Labels;
import java.util.Arrays;

/**
 * One series of a range vector: timestamps (ms) and values in time order, the {@code size} points starting at
 * {@code offset} of the arrays (which may be shared with the loaded series, so must not be modified).
 */
public record RangeSeries(Labels labels, long[] timestamps, double[] values, int offset, int size,
        boolean dropName) {
    public RangeSeries(Labels labels, long[] timestamps, double[] values, int size, boolean dropName) {
        this(labels, timestamps, values, 0, size, dropName);
    }

    public long t(int i) {
        return timestamps[offset + i];
    }

    public double v(int i) {
        return values[offset + i];
    }

    /** A fresh copy of the values. */
    public double[] valuesCopy() {
        return Arrays.copyOfRange(values, offset, offset + size);
    }

    public RangeSeries withLabels(Labels l, boolean drop) {
        return new RangeSeries(l, timestamps, values, offset, size, drop);
    }
}
