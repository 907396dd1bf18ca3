/**
 * Sightline's own instrumentation: counters, histograms and callback gauges in a {@link
 * dev.sightline.storage.instrumentation.MetricRegistry} that {@code Main} creates and passes to each component,
 * and the Prometheus text exposition of a snapshot. Recording is lock-free and allocation-free once a labelled
 * child is resolved (resolve children once, at construction, and keep them); snapshots may be taken from any
 * thread.
 */
package dev.sightline.storage.instrumentation;
