/**
 * The log store and search index: Lucene, one index per UTC day of the record's time, each document holding
 * the record itself (compressed stored field) and the fields log search filters on. Written by the write
 * path's indexer thread; searched from any thread; retention drops whole days.
 */
package dev.sightline.storage.logs;
