/**
 * The span search index: Lucene, one index per day of span start time. Written by the write path's indexer
 * thread; searched from any thread through refreshed searchers.
 */
package dev.sightline.storage.spans;
