package dev.sightline.storage.series;

/**
 * Walks one series' float samples in time order. Stale markers are passed through as the NaN bit pattern
 * {@link #STALE_NAN_BITS}. Not thread-safe.
 */
public interface SampleIterator {
    /** Prometheus' staleness marker, a signalling NaN. */
    long STALE_NAN_BITS = 0x7ff0000000000002L;

    /** Advances to the next sample; false when exhausted. */
    boolean next();

    /** Timestamp in ms of the current sample. */
    long timestamp();

    double value();

    static boolean isStale(double v) {
        return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
    }

    static double staleNaN() {
        return Double.longBitsToDouble(STALE_NAN_BITS);
    }
}
