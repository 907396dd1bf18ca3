/**
 * The write-ahead log: CRC-framed records in segment files, a checkpoint file, torn-tail recovery. Every
 * acknowledged export passes through here before any store sees it. Layout: {@code docs/format/wal.md}.
 */
package dev.sightline.storage.wal;
