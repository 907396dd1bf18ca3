package dev.sightline.server.config;

import java.time.Duration;

/**
 * The metric store.
 *
 * @param retention how long samples are kept (by sample time against the wall clock)
 * @param outOfOrderWindow how far behind a series' newest sample a sample may arrive and still be stored
 * @param resourceLabels resource attributes copied as labels onto every series: {@code auto} (every attribute
 *     with low cardinality: scalar, at most 64 characters, not an ID, PID, command line or path), {@code none},
 *     or a comma-separated list of attribute keys
 */
public record MetricsConfig(Duration retention, Duration outOfOrderWindow, String resourceLabels) {
    public MetricsConfig {
        if (retention == null || retention.toMillis() < 1) {
            throw new IllegalArgumentException("metrics.retention must be at least 1ms, got " + retention);
        }
        if (outOfOrderWindow == null || outOfOrderWindow.isNegative()) {
            throw new IllegalArgumentException("metrics.out_of_order_window must not be negative, got "
                    + outOfOrderWindow);
        }
        if (resourceLabels == null || resourceLabels.isBlank()) {
            throw new IllegalArgumentException("metrics.resource_labels must be auto, none or a list of keys, got \""
                    + resourceLabels + "\"");
        }
    }

    public static MetricsConfig defaults() {
        return new MetricsConfig(Duration.ofDays(15), Duration.ofMinutes(10), "auto");
    }
}
