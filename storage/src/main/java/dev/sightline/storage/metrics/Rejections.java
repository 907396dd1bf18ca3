package dev.sightline.storage.metrics;

/**
 * Data points of one export the store did not take.
 *
 * @param rejectedPoints how many OTLP data points (or remote-write samples)
 * @param message the first few reasons, for {@code partial_success.error_message}
 */
public record Rejections(int rejectedPoints, String message) {
    public static final Rejections NONE = new Rejections(0, "");
}
