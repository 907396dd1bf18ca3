/**
 * The metric store: OTLP metrics translated to Prometheus series (names, labels, accumulated deltas), a series
 * catalogue with in-memory postings, samples in Gorilla-compressed chunks in RocksDB, metadata and exemplars.
 * {@link dev.sightline.storage.metrics.MetricStore} is the entry point; it applies on the write path's writer
 * thread and may be read from any thread.
 */
package dev.sightline.storage.metrics;
