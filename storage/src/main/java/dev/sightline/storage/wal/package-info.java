/**
 * The write-ahead log, the {@link dev.sightline.storage.write.RecordLog} on local disk: CRC-framed records in
 * segment files, a checkpoint file, torn-tail recovery. Every acknowledged export passes through here before any
 * store sees it. Layout: {@code docs/format/wal.md}. Thread-safe: one lock serialises appends and syncs.
 */
package dev.sightline.storage.wal;
