package dev.sightline.storage.series;

import dev.sightline.storage.model.Labels;

/**
 * An exemplar: one traced measurement behind a series' value.
 *
 * @param labels the exemplar's own labels (filtered attributes), without trace_id and span_id
 * @param traceId hex trace ID, or "" when the exemplar has none
 * @param spanId hex span ID, or ""
 */
public record Exemplar(long timestamp, double value, Labels labels, String traceId, String spanId) {
}
