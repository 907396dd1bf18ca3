/**
 * Day-partitioned Lucene stores: one index per UTC day ({@code yyyyMMdd/}), created on demand, each commit carrying
 * the last WAL LSN it holds, searched through refreshed searchers, dropped a whole day at a time. Thread-safe:
 * applies, commits, refreshes and searches hold the read side of one lock, dropping and closing the write side.
 */
package dev.sightline.storage.partition;
