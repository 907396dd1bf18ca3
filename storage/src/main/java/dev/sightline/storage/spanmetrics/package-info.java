/**
 * Span RED metrics derived at ingest: {@link dev.sightline.storage.spanmetrics.SpanMetrics} counts every stored
 * span into cumulative calls and duration histograms named as the OpenTelemetry Collector's span-metrics
 * connector names them, and writes them to the metric store periodically. Thread-safe behind one lock.
 */
package dev.sightline.storage.spanmetrics;
