/** OTLP over HTTP on port 4318 (Netty): protobuf and JSON, gzip, OTLP's status codes. Thread-safe. */
package dev.sightline.ingest.http;
