/**
 * OTLP decoding and validation shared by the transports: OTLP/JSON, span, log record and metric data point
 * checks with partial success, and the receivers that hand valid data to the write path. Thread-safe.
 */
package dev.sightline.ingest.otlp;
