/**
 * Sightline's own metrics, wired by the server: the JVM ({@link dev.sightline.server.instrumentation.JvmMetrics}),
 * the stores' partitions and disk use ({@link dev.sightline.server.instrumentation.StorageGauges}), query
 * latencies ({@link dev.sightline.server.instrumentation.QueryMetrics}), {@code GET /metrics}, and the optional
 * loop that writes them into Sightline's own metric store ({@link dev.sightline.server.instrumentation.SelfIngest}).
 * Recording is thread-safe; the gauges are read when scraped.
 */
package dev.sightline.server.instrumentation;
