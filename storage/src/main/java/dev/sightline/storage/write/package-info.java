/**
 * The durable write path shared by every signal, and its two seams: {@link dev.sightline.storage.write.RecordSink},
 * where receivers submit a batch and get one future with its LSN and the per-record {@link
 * dev.sightline.storage.write.Rejections}; and {@link dev.sightline.storage.write.RecordLog}, the durable log the
 * write path appends to, replays and checkpoints (the WAL today). In between: a queue bounded in bytes, group
 * commit, synchronous stores (visible when acknowledged) and asynchronous indexes, checkpoints and replay.
 * {@link dev.sightline.storage.write.WritePath} is thread-safe; appliers are called from its threads only.
 */
package dev.sightline.storage.write;
