package dev.sightline.storage.model;

/**
 * One sample of a series: a timestamp in Unix milliseconds and a float value. NaN, infinities and the
 * staleness marker ({@link #STALE_NAN}) are stored bit for bit.
 */
public record Sample(long timestamp, double value) {
    /** Prometheus' staleness marker: a NaN with this exact bit pattern. */
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;
    public static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);

    public static boolean isStale(double v) {
        return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
    }

    /** Equality on the value's bits, so NaN samples compare equal to themselves. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && s.timestamp == timestamp
                && Double.doubleToRawLongBits(s.value) == Double.doubleToRawLongBits(value);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestamp) * 31 + Long.hashCode(Double.doubleToRawLongBits(value));
    }
}
