/**
 * The log store and search index: Lucene, one index per UTC day of the record's time (on the shared day
 * partitions), each document holding the record itself (compressed stored field) and the fields log search
 * filters on; {@code LogReader} is what the query layer and log rules read through. Written by the write path's
 * indexer thread; searched from any thread; retention (the storage's) drops whole days.
 */
package dev.sightline.storage.logs;
