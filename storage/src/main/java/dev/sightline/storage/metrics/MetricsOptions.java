package dev.sightline.storage.metrics;

import java.time.Duration;

/**
 * The metric store's settings.
 *
 * @param retention samples older than this (against the wall clock) are deleted
 * @param outOfOrderWindow how far behind a series' newest sample a sample may arrive and still be merged
 * @param resourceLabels which resource attributes become labels on every series: {@code auto} (every attribute
 *     with low cardinality, see {@link ResourceLabelRule}), {@code none}, or a comma-separated list of keys
 */
public record MetricsOptions(Duration retention, Duration outOfOrderWindow, String resourceLabels) {
    public MetricsOptions {
        if (retention == null || retention.toMillis() < 1) {
            throw new IllegalArgumentException("metrics retention must be positive, got " + retention);
        }
        if (outOfOrderWindow == null || outOfOrderWindow.isNegative()) {
            throw new IllegalArgumentException("metrics out-of-order window must not be negative, got "
                    + outOfOrderWindow);
        }
        ResourceLabelRule.parse(resourceLabels);
    }

    /** 15 days of retention, a 10-minute out-of-order window, low-cardinality resource attributes as labels. */
    public static MetricsOptions defaults() {
        return new MetricsOptions(Duration.ofDays(15), Duration.ofMinutes(10), "auto");
    }
}
