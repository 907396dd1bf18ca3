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
 * @param spanMetrics whether span RED metrics ({@code traces_span_metrics_calls_total},
 *     {@code traces_span_metrics_duration_milliseconds_*}, as the OpenTelemetry Collector's span-metrics connector
 *     names them) are derived from every stored span
 * @param spanMetricsFlushInterval how often the span metrics' current values are written as samples
 * @param spanMetricsMaxSeries the most distinct (resource, service, span name, kind, status) combinations; spans
 *     beyond it are counted in an {@code otel_metric_overflow="true"} series
 */
public record TracesConfig(Duration retention, List<String> correlationKeys, boolean spanMetrics,
        Duration spanMetricsFlushInterval, int spanMetricsMaxSeries) {
    public TracesConfig {
        if (spanMetricsFlushInterval == null || spanMetricsFlushInterval.toMillis() < 1) {
            throw new IllegalArgumentException("traces.span_metrics_flush_interval must be at least 1ms, got "
                    + (spanMetricsFlushInterval == null ? "nothing" : PrometheusDuration.format(spanMetricsFlushInterval)));
        }
        if (spanMetricsMaxSeries < 1) {
            throw new IllegalArgumentException("traces.span_metrics_max_series must be at least 1, got "
                    + spanMetricsMaxSeries);
        }
        if (retention == null || retention.compareTo(Duration.ofHours(1)) < 0) {
            throw new IllegalArgumentException("traces.retention must be at least 1h, got "
                    + (retention == null ? "nothing" : PrometheusDuration.format(retention)));
        }
        correlationKeys = correlationKeys == null ? List.of() : List.copyOf(correlationKeys);
    }

    public static TracesConfig defaults() {
        return new TracesConfig(Duration.ofDays(7),
                List.of("correlation.id", "correlation_id", "request.id", "request_id", "x-request-id"), true,
                Duration.ofSeconds(15), 10_000);
    }
}
