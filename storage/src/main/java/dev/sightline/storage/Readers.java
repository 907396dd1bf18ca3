package dev.sightline.storage;

import dev.sightline.storage.logs.LogReader;
import dev.sightline.storage.metrics.MetricStore;
import dev.sightline.storage.spans.SpanReader;

/**
 * The read side of the stores, as the query layer sees it: traces and spans, logs, metrics. Every reader is
 * thread-safe; none writes.
 */
public record Readers(SpanReader spans, LogReader logs, MetricStore metrics) {
    public Readers {
        if (spans == null || logs == null || metrics == null) {
            throw new IllegalArgumentException("every reader is required, got spans=" + spans + ", logs=" + logs
                    + ", metrics=" + metrics);
        }
    }
}
