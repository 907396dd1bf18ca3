/**
 * The span search index (Lucene, one index per UTC day of span start time, on the shared day partitions) and
 * {@code SpanReader}, the read interface the query layer uses: traces by ID, trace search, services, operations,
 * dependencies, correlations. A document is a block of spans ({@code SpanBlockBuilder}) holding the union of their
 * terms and a stored payload of each span's searchable values ({@code SpanBlock}); searches find candidate blocks
 * and check every condition on each span ({@code SpanCondition}), so a trace matches only when one of its spans
 * meets them all. Written by the write path's indexer thread; read from any thread.
 */
package dev.sightline.storage.spans;
