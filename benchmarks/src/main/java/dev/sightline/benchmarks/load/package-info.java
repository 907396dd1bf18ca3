/**
 * The load generator: seeded telemetry over OTLP/gRPC or OTLP/HTTP, with throughput, acknowledgement latency,
 * disk and query figures. Run with {@code java -cp benchmarks/target/benchmarks.jar
 * dev.sightline.benchmarks.load.LoadGenerator --help}.
 */
package dev.sightline.benchmarks.load;
