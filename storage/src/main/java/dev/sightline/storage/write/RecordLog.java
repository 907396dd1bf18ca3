package dev.sightline.storage.write;

import java.io.IOException;

/**
 * The ordered, durable log every accepted batch goes through before any store sees it, and from which replay
 * rebuilds the stores after a crash. {@link dev.sightline.storage.wal.WriteAheadLog} keeps it in segment files; a
 * Kafka topic partition can keep it too (its offsets are the LSNs). The write path depends on this interface only.
 *
 * <p>Each record has an LSN, its position in the log: LSNs increase with each append and are never reused once
 * synced, but need not be dense (the WAL's are byte offsets). A record's LSN is known when it is synced, not
 * before: {@link #sync} returns them, as a broker acknowledges offsets.
 *
 * <p>Crash policy: a record is durable once a {@link #sync} covering it has returned, and only then may it be
 * acknowledged. {@link #replay} yields every synced record in LSN order (except those a {@link #deleteThrough}
 * let go) and nothing else. Records appended but not synced when {@link #discardUnsynced} is called are never
 * replayed.
 *
 * <p>Thread-safety: implementations may be called from any thread; the write path appends and syncs from one.
 */
public interface RecordLog extends AutoCloseable {
    /** No LSN: the checkpoint of a log in which nothing is committed; replay after it yields every record. */
    long NONE = -1;

    /** Adds a record to the log; it is durable, and has an LSN, only after the next {@link #sync} returns. */
    void append(byte type, byte[] payload) throws IOException;

    /**
     * Makes every record appended since the last sync durable.
     *
     * @return their LSNs, in append order (empty when nothing was appended)
     * @throws IOException when that failed: the caller must {@link #discardUnsynced} before appending again
     */
    long[] sync() throws IOException;

    /** Drops what was appended since the last successful {@link #sync}: those records are never replayed. */
    void discardUnsynced() throws IOException;

    /** Visits, in LSN order, every synced record whose LSN is greater than {@code afterLsn}. */
    void replay(long afterLsn, Visitor visitor) throws IOException;

    /** The LSN through which every store has committed, as last written, or {@link #NONE}. */
    long readCheckpoint() throws IOException;

    /** Durably records that every store has committed all records at or before {@code lsn}. */
    void writeCheckpoint(long lsn) throws IOException;

    /**
     * Lets go of records at or before {@code lsn} (committed everywhere): the log may delete them, or keep some
     * (the WAL deletes whole segments only). Records after {@code lsn} stay.
     */
    void deleteThrough(long lsn) throws IOException;

    /** Syncs what was appended and releases the log. Idempotent; afterwards every other method throws. */
    @Override
    void close() throws IOException;

    /**
     * One record read back.
     *
     * @param lsn its position in the log
     * @param type the caller's type byte (a {@link dev.sightline.storage.model.Signal} code)
     * @param payload the bytes appended
     */
    record Entry(long lsn, byte type, byte[] payload) {
    }

    /** Receives records during {@link #replay}. */
    @FunctionalInterface
    interface Visitor {
        void visit(Entry entry) throws IOException;
    }
}
