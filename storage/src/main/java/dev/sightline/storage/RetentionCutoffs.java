package dev.sightline.storage;

import dev.sightline.storage.model.Days;
import java.time.Instant;

/**
 * What one retention run keeps, per signal, each from its own period. Traces, spans and logs keep whole UTC days:
 * a day is dropped once it lies wholly before {@code now} minus the period, which is the same as once it ended at
 * least the period ago. Metrics keep samples at or after a cut-off instant, series by series.
 *
 * @param tracesOldestKept oldest day (yyyyMMdd) kept in the trace store and the span index
 * @param logsOldestKept oldest day (yyyyMMdd) kept in the log store
 * @param metricsCutoffMillis samples older than this (Unix ms) are deleted from the metric store
 */
public record RetentionCutoffs(String tracesOldestKept, String logsOldestKept, long metricsCutoffMillis) {
    /** The cut-offs of a run at {@code now} under the periods of {@code options}. */
    public static RetentionCutoffs at(Instant now, StorageOptions options) {
        return new RetentionCutoffs(Days.oldestKept(now, options.tracesRetention()),
                Days.oldestKept(now, options.logsRetention()),
                now.toEpochMilli() - options.metrics().retention().toMillis());
    }
}
