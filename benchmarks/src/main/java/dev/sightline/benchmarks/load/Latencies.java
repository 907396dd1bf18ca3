package dev.sightline.benchmarks.load;

import java.util.Arrays;

/** Latencies in nanoseconds, for percentiles at the end of a run. Not thread-safe: one per thread, then merged. */
final class Latencies {
    private long[] values = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = nanos;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.values[i]);
        }
    }

    int count() {
        return size;
    }

    /** The q-quantile (0..1) in milliseconds, nearest rank; NaN when empty. */
    double percentileMillis(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(values, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * size) - 1;
        return sorted[Math.max(0, Math.min(size - 1, rank))] / 1e6;
    }

    String summary() {
        return String.format("p50 %.2f ms, p99 %.2f ms, max %.2f ms (%d)", percentileMillis(0.5),
                percentileMillis(0.99), percentileMillis(1.0), size);
    }
}
