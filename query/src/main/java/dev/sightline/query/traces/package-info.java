/**
 * Trace queries in Jaeger's HTTP API, read through the storage's {@code SpanReader} (no Lucene here: the searches
 * live in storage). Thread-safe.
 */
package dev.sightline.query.traces;
