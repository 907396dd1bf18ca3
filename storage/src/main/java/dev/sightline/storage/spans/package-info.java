/**
 * The span search index (Lucene, one index per UTC day of span start time, on the shared day partitions) and
 * {@code SpanReader}, the read interface the query layer uses: traces by ID, trace search, services, operations,
 * dependencies, correlations. Written by the write path's indexer thread; read from any thread.
 */
package dev.sightline.storage.spans;
