/**
 * The load generator: seeded telemetry over OTLP/gRPC, OTLP/HTTP or (metrics) Prometheus remote-write, with
 * throughput, acknowledgement latency, disk and query figures; metrics also in a high-cardinality mode with series
 * churn ({@link dev.sightline.benchmarks.load.SeriesChurn}). Run with {@code java -cp benchmarks/target/benchmarks.jar
 * dev.sightline.benchmarks.load.LoadGenerator --help}.
 */
package dev.sightline.benchmarks.load;
