package dev.sightline.ingest.otlp;

import dev.sightline.storage.model.Signal;
import dev.sightline.storage.write.OverloadedException;
import dev.sightline.storage.write.RecordSink;
import dev.sightline.storage.write.Rejections;
import dev.sightline.storage.write.ShuttingDownException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.util.concurrent.CompletableFuture;

/**
 * The transport-independent half of metrics ingest (OTLP and remote-write): validate, log durably, answer
 * with the points rejected by validation and by the store (too old, conflicting values; they come back in the
 * submit's {@link dev.sightline.storage.write.Receipt}). Thread-safe.
 */
public final class MetricReceiver {
    private final RecordSink sink;
    private final IngestMetrics metrics;

    public MetricReceiver(RecordSink sink) {
        this(sink, IngestMetrics.unregistered());
    }

    /** As {@link #MetricReceiver(RecordSink)}, counting stored and rejected points into {@code metrics}. */
    public MetricReceiver(RecordSink sink, IngestMetrics metrics) {
        this.sink = sink;
        this.metrics = metrics;
    }

    /** Refuses a request of {@code wireBytes} at once when the queue is full ({@link RecordSink#admit}). */
    public void admit(long wireBytes) throws OverloadedException {
        metrics.admit(sink, Signal.METRICS, wireBytes);
    }

    /**
     * Stores the valid points of {@code request}.
     *
     * @param wireBytes the request's protobuf encoding when the caller has it, else null
     * @return completes once the accepted points are durable and readable
     */
    public CompletableFuture<ExportMetricsServiceResponse> export(ExportMetricsServiceRequest request,
            byte[] wireBytes) throws OverloadedException, ShuttingDownException {
        MetricValidation v = MetricValidation.of(request);
        metrics.rejected(Signal.METRICS, IngestMetrics.Reason.INVALID, v.rejectedPoints());
        if (v.acceptedPoints() == 0) {
            return CompletableFuture.completedFuture(response(v.rejectedPoints(), v.errorMessage()));
        }
        byte[] payload = v.rejectedPoints() == 0 && wireBytes != null ? wireBytes : v.accepted().toByteArray();
        return metrics.submit(sink, Signal.METRICS, payload, v.accepted(), v.acceptedPoints()).thenApply(receipt -> {
            Rejections r = receipt.rejections();
            if (r.isEmpty()) {
                return response(v.rejectedPoints(), v.errorMessage());
            }
            metrics.rejected(Signal.METRICS, IngestMetrics.Reason.STORE_REJECTED, r.count());
            Rejections all = new Rejections(v.rejectedPoints(), v.errorMessage()).plus(r);
            return response(all.count(), all.message());
        });
    }

    private static ExportMetricsServiceResponse response(int rejected, String message) {
        if (rejected == 0) {
            return ExportMetricsServiceResponse.getDefaultInstance();
        }
        return ExportMetricsServiceResponse.newBuilder()
                .setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                        .setRejectedDataPoints(rejected).setErrorMessage(message))
                .build();
    }
}
