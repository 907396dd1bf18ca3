/**
 * Small files rewritten whole (checkpoints, state files): {@link dev.sightline.storage.files.StateFile} writes them
 * atomically (temporary file, looped writes, file fsync, rename, folder fsync) and reads them back through a
 * {@link dev.sightline.storage.files.FileFormat} that checks magic, version range and CRC, naming the file and the
 * expected and actual values when one is wrong. Formats are immutable; a state file is not thread-safe: each has
 * one writer.
 */
package dev.sightline.storage.files;
