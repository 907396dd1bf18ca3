package dev.sightline.storage.spanmetrics;

import java.time.Duration;

/**
 * Span RED metrics derived at ingest.
 *
 * @param enabled whether spans are counted at all
 * @param flushInterval how often the cumulative values are written to the metric store as samples
 * @param maxSeries the most distinct (resource, service, span name, kind, status) combinations; spans beyond it
 *     are counted in one overflow series per resource labelled {@code otel_metric_overflow="true"}
 */
public record SpanMetricsOptions(boolean enabled, Duration flushInterval, int maxSeries) {
    public SpanMetricsOptions {
        if (flushInterval == null || flushInterval.toMillis() < 1) {
            throw new IllegalArgumentException("span metrics flush interval must be at least 1ms, got "
                    + flushInterval);
        }
        if (maxSeries < 1) {
            throw new IllegalArgumentException("span metrics max series must be at least 1, got " + maxSeries);
        }
    }

    /** On, written every 15 s, at most 10,000 combinations. */
    public static SpanMetricsOptions defaults() {
        return new SpanMetricsOptions(true, Duration.ofSeconds(15), 10_000);
    }
}
