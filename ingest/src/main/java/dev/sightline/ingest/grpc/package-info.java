/** OTLP over gRPC on port 4317 (grpc-java on its shaded Netty). Thread-safe. */
package dev.sightline.ingest.grpc;
