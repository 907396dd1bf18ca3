package dev.sightline.storage;

import dev.sightline.storage.logs.LogReader;
import dev.sightline.storage.series.MetricsReader;
import dev.sightline.storage.series.SeriesSource;
import dev.sightline.storage.spans.SpanReader;

/**
 * The read side of the stores, as the query layer sees it: traces and spans, logs, and metrics (the Prometheus
 * API's reads, and the series PromQL selects). Every reader is thread-safe; none writes.
 */
public record Readers(SpanReader spans, LogReader logs, MetricsReader metrics, SeriesSource series) {
    public Readers {
        if (spans == null || logs == null || metrics == null || series == null) {
            throw new IllegalArgumentException("every reader is required, got spans=" + spans + ", logs=" + logs
                    + ", metrics=" + metrics + ", series=" + series);
        }
    }
}
