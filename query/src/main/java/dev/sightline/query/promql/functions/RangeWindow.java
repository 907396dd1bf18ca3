package dev.sightline.query.promql.functions;

import dev.sightline.query.promql.value.RangeSeries;
import java.util.Arrays;

/**
 * The samples of one series in one window (rangeStart, rangeEnd] (ms) evaluated at {@code evalTime}, and the
 * result of the last {@link RangeFunctions#apply} on it. A mutable view over arrays it does not own (they may
 * be shared with a loaded series, so are never modified): one instance is reset for window after window so that
 * a range query allocates nothing per window. Not thread-safe.
 */
public final class RangeWindow {
    private long[] timestamps;
    private double[] values;
    private int offset;
    private int size;
    private long evalTime;
    private long rangeStart;
    private long rangeEnd;
    private double result;

    /** Points this view at the {@code size} samples from {@code offset} of the arrays, in time order. */
    public RangeWindow set(long[] timestamps, double[] values, int offset, int size, long evalTime, long rangeStart,
            long rangeEnd) {
        this.timestamps = timestamps;
        this.values = values;
        this.offset = offset;
        this.size = size;
        this.evalTime = evalTime;
        this.rangeStart = rangeStart;
        this.rangeEnd = rangeEnd;
        return this;
    }

    public RangeWindow set(RangeSeries s, long evalTime, long rangeStart, long rangeEnd) {
        return set(s.timestamps(), s.values(), s.offset(), s.size(), evalTime, rangeStart, rangeEnd);
    }

    public int size() {
        return size;
    }

    public long t(int i) {
        return timestamps[offset + i];
    }

    public double v(int i) {
        return values[offset + i];
    }

    public long evalTime() {
        return evalTime;
    }

    public long rangeStart() {
        return rangeStart;
    }

    public long rangeEnd() {
        return rangeEnd;
    }

    public double rangeSeconds() {
        return (rangeEnd - rangeStart) / 1000.0;
    }

    /** The value computed by the last {@link RangeFunctions#apply} that returned true. */
    public double result() {
        return result;
    }

    /** A fresh copy of the values. */
    double[] valuesCopy() {
        return Arrays.copyOfRange(values, offset, offset + size);
    }

    double[] valuesArray() {
        return values;
    }

    int offset() {
        return offset;
    }

    /** Records {@code r} as the result; returns true (for {@code return w.found(x)} in the functions). */
    boolean found(double r) {
        result = r;
        return true;
    }
}
