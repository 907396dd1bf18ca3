/**
 * The metric store's read side as interfaces, what the query layer depends on: {@code SeriesSource} selects
 * series by label matchers over a time range (PromQL, rules), {@code MetricsReader} answers the Prometheus API's
 * series, label, metadata and exemplar reads. Implementations are thread-safe; an iterator belongs to one thread.
 */
package dev.sightline.storage.series;
