package dev.sightline.storage.write;

/**
 * Items of one record a store did not take (a metric data point too old, a value conflicting with the stored one).
 * The record itself is logged and applied; these items are left out, and the submitter is told in its
 * {@link Receipt}.
 *
 * @param count how many items (OTLP data points, remote-write samples)
 * @param message the first few reasons, for {@code partial_success.error_message}
 */
public record Rejections(int count, String message) {
    public static final Rejections NONE = new Rejections(0, "");

    public Rejections {
        if (count < 0) {
            throw new IllegalArgumentException("rejection count must be >= 0, got " + count);
        }
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Both stores' rejections: counts added, messages joined by {@code "; "}. */
    public Rejections plus(Rejections other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        return new Rejections(count + other.count, message + "; " + other.message);
    }
}
