/**
 * Prometheus remote-write 1.0 ({@code POST /api/v1/write}): snappy block decompression, a streaming decode
 * of {@code prometheus.WriteRequest}, validation, and conversion to the metric store's input. Stateless;
 * thread-safe.
 */
package dev.sightline.ingest.prometheus;
