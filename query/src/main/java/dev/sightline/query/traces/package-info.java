/** Trace queries over the trace store and span index, in Jaeger's HTTP API. Thread-safe. */
package dev.sightline.query.traces;
