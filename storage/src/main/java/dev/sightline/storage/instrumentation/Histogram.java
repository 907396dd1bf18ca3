package dev.sightline.storage.instrumentation;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts observations into fixed buckets (Prometheus' cumulative {@code le} buckets are computed when read).
 * {@link #observe} scans a handful of bounds and increments adders: no locks, no allocation.
 */
public final class Histogram {
    private final double[] bounds;
    private final LongAdder[] buckets;
    private final DoubleAdder sum = new DoubleAdder();
    private final LongAdder count = new LongAdder();

    /** @param bounds upper bounds, strictly increasing, without {@code +Inf} (always present) */
    Histogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.buckets = new LongAdder[bounds.length + 1];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    public void observe(double value) {
        int i = 0;
        while (i < bounds.length && value > bounds[i]) {
            i++;
        }
        buckets[i].increment();
        sum.add(value);
        count.increment();
    }

    /** Observes a duration in nanoseconds as seconds, the Prometheus base unit. */
    public void observeNanos(long nanos) {
        observe(nanos / 1e9);
    }

    public long count() {
        return count.sum();
    }

    public double sum() {
        return sum.sum();
    }

    /** Cumulative counts per bound, then {@code +Inf}. Read without a lock, so nearly, not exactly, consistent. */
    long[] cumulative() {
        long[] out = new long[buckets.length];
        long running = 0;
        for (int i = 0; i < buckets.length; i++) {
            running += buckets[i].sum();
            out[i] = running;
        }
        return out;
    }

    double[] bounds() {
        return bounds.clone();
    }

    static void checkBounds(String name, double[] bounds) {
        for (int i = 0; i < bounds.length; i++) {
            if (Double.isNaN(bounds[i]) || Double.isInfinite(bounds[i])
                    || (i > 0 && bounds[i] <= bounds[i - 1])) {
                throw new IllegalArgumentException("histogram " + name
                        + " needs finite, strictly increasing bucket bounds, got " + java.util.Arrays.toString(bounds));
            }
        }
    }
}
