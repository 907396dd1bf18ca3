package dev.sightline.storage.spanmetrics;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The cumulative values of one series: calls, and the duration histogram (milliseconds) with the connector's
 * default bounds. Exemplars are the most recent spans since the last flush. Guarded by the owner's lock.
 */
final class SeriesState {
    /** The span-metrics connector's default explicit bounds, in milliseconds. */
    static final double[] BOUNDS_MS = {2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10_000,
        15_000};
    static final int MAX_EXEMPLARS = 5;

    record SpanExemplar(long timeNanos, double durationMs, byte[] traceId, byte[] spanId) {
    }

    final long startNanos;
    long count;
    double sumMs;
    final long[] buckets = new long[BOUNDS_MS.length + 1];
    final Deque<SpanExemplar> exemplars = new ArrayDeque<>();
    /**
     * Whether the series needs no zero point before its first value: it has been written, was restored, or was
     * first seen during replay (when it may already have samples from before the crash).
     */
    boolean written;

    SeriesState(long startNanos) {
        this.startNanos = startNanos;
    }

    void observe(double durationMs) {
        count++;
        sumMs += durationMs;
        buckets[bucket(durationMs)]++;
    }

    void exemplar(SpanExemplar e) {
        if (exemplars.size() == MAX_EXEMPLARS) {
            exemplars.removeFirst();
        }
        exemplars.addLast(e);
    }

    /** The bucket of a value: the first bound it does not exceed ({@code le}), else the last (+Inf). */
    static int bucket(double v) {
        for (int i = 0; i < BOUNDS_MS.length; i++) {
            if (v <= BOUNDS_MS[i]) {
                return i;
            }
        }
        return BOUNDS_MS.length;
    }
}
