/**
 * The durable write path shared by every signal: a queue bounded in bytes, group commit into a
 * {@link dev.sightline.storage.write.RecordLog} (the WAL today), synchronous stores (visible when acknowledged) and
 * asynchronous indexes, checkpoints and replay. {@link dev.sightline.storage.write.WritePath} is thread-safe;
 * appliers are called from its threads only.
 */
package dev.sightline.storage.write;
