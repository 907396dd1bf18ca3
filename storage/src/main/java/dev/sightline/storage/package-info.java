/**
 * The storage layer: {@link dev.sightline.storage.Storage} owns the data folder and wires the WAL, the write
 * path and the stores. Subpackages: {@code wal}, {@code write}, {@code traces}, {@code spans}, {@code model}.
 */
package dev.sightline.storage;
