package dev.sightline.ingest.prometheus;

import dev.sightline.ingest.otlp.IngestMetrics;
import dev.sightline.ingest.otlp.MalformedRequestException;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.prometheus.MalformedRemoteWriteException;
import dev.sightline.storage.prometheus.RemoteWriteBatch;
import dev.sightline.storage.write.OverloadedException;
import dev.sightline.storage.write.RecordSink;
import dev.sightline.storage.write.RecordType;
import dev.sightline.storage.write.Rejections;
import dev.sightline.storage.write.ShuttingDownException;
import java.util.concurrent.CompletableFuture;

/**
 * Prometheus remote-write 1.0: decodes and validates the body ({@link RemoteWriteBatch}: metric and label names
 * as Prometheus defines them, no duplicate label names, no native histograms) and logs it through the write path
 * as a {@link RecordType#REMOTE_WRITE} record: the body as received, with the decoded batch for the metric store
 * (labels verbatim; staleness markers keep their NaN bits). Thread-safe.
 */
public final class RemoteWriteReceiver {
    /** What to answer: 204 when everything was stored, 400 with the reasons when something was rejected. */
    public record Result(int rejectedSamples, String message) {
    }

    private final RecordSink sink;
    private final int maxBodyBytes;
    private final IngestMetrics metrics;
    private final RemoteWriteBatch.KnownSeries known;

    public RemoteWriteReceiver(RecordSink sink, int maxBodyBytes) {
        this(sink, maxBodyBytes, IngestMetrics.unregistered(), null);
    }

    /**
     * As the other constructor, counting stored and rejected samples into {@code metrics}, and finding the series
     * the store already holds in {@code known} while decoding (null: none), so their labels are not checked again.
     */
    public RemoteWriteReceiver(RecordSink sink, int maxBodyBytes, IngestMetrics metrics,
            RemoteWriteBatch.KnownSeries known) {
        this.sink = sink;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
        this.known = known;
    }

    /**
     * @param body the snappy-compressed protobuf body
     * @throws MalformedRequestException when the body is not snappy or not a WriteRequest (answer 400)
     */
    public CompletableFuture<Result> write(byte[] body) throws MalformedRequestException, OverloadedException,
            ShuttingDownException {
        metrics.admit(sink, Signal.METRICS, body.length); // refused before decoding when the queue is full
        RemoteWriteBatch batch = decode(body, maxBodyBytes, known);
        int rejected = batch.rejectedSamples();
        String message = batch.rejectionMessage();
        metrics.rejected(Signal.METRICS, IngestMetrics.Reason.INVALID, rejected);
        if (batch.seriesCount() == 0) {
            return CompletableFuture.completedFuture(new Result(rejected, message));
        }
        return metrics.submit(sink, RecordType.REMOTE_WRITE, body, batch, batch.sampleCount()).thenApply(receipt -> {
            Rejections r = receipt.rejections();
            if (r.isEmpty()) {
                return new Result(rejected, message);
            }
            metrics.rejected(Signal.METRICS, IngestMetrics.Reason.STORE_REJECTED, r.count());
            Rejections all = new Rejections(rejected, message).plus(r);
            return new Result(all.count(), all.message());
        });
    }

    /** What {@link #write} does before the write path: unsnappy, decode, validate (public for the benchmarks). */
    public static RemoteWriteBatch decode(byte[] body, int maxBodyBytes) throws MalformedRequestException {
        return decode(body, maxBodyBytes, null);
    }

    private static RemoteWriteBatch decode(byte[] body, int maxBodyBytes, RemoteWriteBatch.KnownSeries known)
            throws MalformedRequestException {
        try {
            return RemoteWriteBatch.decode(body, maxBodyBytes, known);
        } catch (MalformedRemoteWriteException e) {
            throw new MalformedRequestException(e.getMessage());
        }
    }
}
