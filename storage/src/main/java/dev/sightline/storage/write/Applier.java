package dev.sightline.storage.write;

import dev.sightline.storage.model.Signal;
import java.io.IOException;

/**
 * A store that applies records of the {@link RecordLog}. The contract every store keeps (and a contract test can
 * check):
 * <ul>
 *   <li><b>Order, one thread.</b> The write path calls {@link #apply} (or {@link #applyAndReport}) once per record in
 *       LSN order from a single thread, during replay and live.
 *   <li><b>Apply twice = apply once.</b> Records replayed after a crash may already have been applied: applying a
 *       record again must leave the store as applying it once did.
 *   <li><b>Commit.</b> {@link #commit} makes at least everything applied before the call durable. It comes from the
 *       write path's indexer thread: for asynchronous stores that is the thread that applies, so a commit falls
 *       between two records; a synchronous store may be committed while its writer thread applies more, so its
 *       commit must be safe concurrently with {@code apply}.
 *   <li><b>Replay skips what was committed.</b> After a commit through LSN {@code c} and a restart, replay starts
 *       after the log's checkpoint (at or before {@code c}); re-applying records at or before {@code c} is the
 *       no-op the second rule promises.
 * </ul>
 */
public interface Applier {
    /** Whether this store takes records of {@code signal}; the others are never passed to {@link #apply}. */
    boolean accepts(Signal signal);

    /**
     * Applies one record.
     *
     * @param batch the decoded payload ({@link RecordType#decode}): the OTLP export request of {@code signal}, or for
     *     metrics also a remote-write batch
     */
    void apply(long lsn, Signal signal, Object batch) throws IOException;

    /**
     * As {@link #apply(long, Signal, Object)}, with the record's payload: the bytes {@code batch} was decoded from,
     * for a store that copies parts of them rather than encoding the decoded batch again. The payload is shared;
     * a store must not change it. The default ignores it.
     */
    default void apply(long lsn, Signal signal, Object batch, byte[] payload) throws IOException {
        apply(lsn, signal, batch);
    }

    /**
     * As {@link #apply}, and says which items of the record the store did not take. The write path calls this on
     * synchronous stores, while the submitter waits, and hands the result over in its {@link Receipt}; replay and
     * asynchronous stores call {@link #apply}, since nobody waits for those answers. The default applies and
     * rejects nothing; a store that can reject overrides this, and its {@code apply} calls it.
     */
    default Rejections applyAndReport(long lsn, Signal signal, Object batch) throws IOException {
        apply(lsn, signal, batch);
        return Rejections.NONE;
    }

    /** Makes everything applied so far durable. {@code throughLsn} is the last LSN this store has seen. */
    void commit(long throughLsn) throws IOException;
}
