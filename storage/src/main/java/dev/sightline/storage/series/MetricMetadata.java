package dev.sightline.storage.series;

/**
 * What Prometheus' metadata API reports for a metric family.
 *
 * @param type counter, gauge, histogram, summary or unknown
 * @param unit the unit word used in the name ("seconds", "bytes"), or ""
 * @param help the description, or ""
 */
public record MetricMetadata(String type, String unit, String help) {
}
