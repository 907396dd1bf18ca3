package dev.sightline.storage.write;

import com.google.protobuf.Message;
import dev.sightline.storage.model.Signal;
import java.io.IOException;

/**
 * A store that applies write-ahead-log records. The write path calls {@link #apply} once per record in LSN
 * order from a single thread, during replay and live. {@link #commit} comes from the write path's indexer
 * thread: for asynchronous stores that is the thread that applies, so a commit falls between two records; a
 * synchronous store may be committed while its writer thread applies more, so its commit must be safe
 * concurrently with {@code apply} and must make at least everything applied before the call durable.
 *
 * <p>Records replayed after a crash may already have been applied: applying a record twice must leave the
 * store as applying it once did.
 */
public interface Applier {
    /** Whether this store takes records of {@code signal}; the others are never passed to {@link #apply}. */
    boolean accepts(Signal signal);

    /**
     * Applies one record.
     *
     * @param batch the decoded payload: the OTLP export request of {@code signal}
     */
    void apply(long lsn, Signal signal, Message batch) throws IOException;

    /** Makes everything applied so far durable. {@code throughLsn} is the last LSN this store has seen. */
    void commit(long throughLsn) throws IOException;
}
