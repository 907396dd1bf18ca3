package dev.sightline.storage.write;

/**
 * What the write path answers for one submitted batch once it is durable and applied by the synchronous stores.
 *
 * @param lsn the record's position in the {@link RecordLog}
 * @param rejections items of it the synchronous stores did not take ({@link Rejections#NONE} when they took all)
 */
public record Receipt(long lsn, Rejections rejections) {
}
