package dev.sightline.server.config;

import java.time.Duration;
import java.util.List;

/**
 * Traces: how long they are kept and which attributes carry correlation IDs.
 *
 * @param retention spans older than this (by start time) are dropped, a whole day at a time, and new spans older
 *     than it are rejected through {@code partial_success}
 * @param correlationKeys span and resource attribute keys whose values are indexed as correlation IDs (an order
 *     ID, a request ID), so {@code /api/correlations/{value}} finds every trace carrying them
 */
public record TracesConfig(Duration retention, List<String> correlationKeys) {
    public TracesConfig {
        if (retention == null || retention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("traces.retention must be at least 1h, got "
                    + (retention == null ? "nothing" : PrometheusDuration.format(retention)));
        }
        correlationKeys = correlationKeys == null ? List.of() : List.copyOf(correlationKeys);
    }

    public static TracesConfig defaults() {
        return new TracesConfig(Duration.ofDays(7),
                List.of("correlation.id", "correlation_id", "request.id", "request_id", "x-request-id"));
    }
}
