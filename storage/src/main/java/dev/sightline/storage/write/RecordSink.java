package dev.sightline.storage.write;

import com.google.protobuf.Message;
import dev.sightline.storage.model.Signal;
import java.util.concurrent.CompletableFuture;

/**
 * Where receivers submit decoded batches: the ingest seam. {@link WritePath} is the implementation; receivers know
 * only this interface, so what stands behind it (the WAL, another {@link RecordLog}, a test double) is the
 * wiring's choice. Implementations are thread-safe.
 */
@FunctionalInterface
public interface RecordSink {
    /**
     * Queues a batch for durable storage.
     *
     * @param payload the bytes to log: the OTLP batch encoded as protobuf
     * @param batch the decoded batch, handed to the stores without decoding it again
     * @return completes once the batch is durable and applied by the synchronous stores (visible to trace by ID and
     *     the metrics APIs), with its LSN and what those stores rejected of it; or exceptionally with the I/O error
     *     that prevented that
     * @throws OverloadedException when the queued bytes would pass the limit
     * @throws ShuttingDownException when the server is stopping
     */
    default CompletableFuture<Receipt> submit(Signal signal, byte[] payload, Message batch)
            throws OverloadedException, ShuttingDownException {
        return submit(RecordType.otlp(signal), payload, batch);
    }

    /**
     * As {@link #submit(Signal, byte[], Message)} for a record of any {@link RecordType}.
     *
     * @param payload the bytes to log, as {@code type} defines them
     * @param batch the decoded payload (what {@link RecordType#decode} returns for it)
     */
    CompletableFuture<Receipt> submit(RecordType type, byte[] payload, Object batch)
            throws OverloadedException, ShuttingDownException;

    /**
     * Refuses at once, before a receiver decodes it, a request of {@code payloadBytes} that {@link #submit} would
     * refuse now because the queue is full: under overload, decoding requests only to refuse them would take the
     * CPU the stores need to catch up. Reserves nothing (a later {@code submit} may still be refused). The default
     * admits everything.
     *
     * @throws OverloadedException when the queue is full
     */
    default void admit(long payloadBytes) throws OverloadedException {
    }
}
