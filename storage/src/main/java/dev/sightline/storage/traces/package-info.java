/**
 * The trace store: spans in RocksDB keyed by trace ID, for trace reconstruction in one seek. Reads are
 * thread-safe; writes come from the write path.
 */
package dev.sightline.storage.traces;
