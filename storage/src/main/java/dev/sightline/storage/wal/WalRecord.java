package dev.sightline.storage.wal;

/**
 * One record read back from the log.
 *
 * @param lsn the log sequence number: the record's position in the log as a whole, increasing with each append
 * @param type the caller's type byte (a {@link dev.sightline.storage.model.Signal} code)
 * @param payload the bytes appended
 */
public record WalRecord(long lsn, byte type, byte[] payload) {
}
