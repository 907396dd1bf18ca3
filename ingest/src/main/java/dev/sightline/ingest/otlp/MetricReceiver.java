package dev.sightline.ingest.otlp;

import dev.sightline.storage.metrics.MetricStore;
import dev.sightline.storage.metrics.Rejections;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.write.OverloadedException;
import dev.sightline.storage.write.ShuttingDownException;
import dev.sightline.storage.write.WritePath;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import java.util.concurrent.CompletableFuture;

/**
 * The transport-independent half of metrics ingest (OTLP and remote-write): validate, log durably, answer
 * with the points rejected by validation and by the store (too old, conflicting values). Thread-safe.
 */
public final class MetricReceiver {
    private final WritePath writePath;
    private final MetricStore store;

    private final IngestMetrics metrics;

    public MetricReceiver(WritePath writePath, MetricStore store) {
        this(writePath, store, IngestMetrics.unregistered());
    }

    /** As {@link #MetricReceiver(WritePath, MetricStore)}, counting stored and rejected points into {@code metrics}. */
    public MetricReceiver(WritePath writePath, MetricStore store, IngestMetrics metrics) {
        this.writePath = writePath;
        this.store = store;
        this.metrics = metrics;
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
        return metrics.submit(writePath, Signal.METRICS, payload, v.accepted(), v.acceptedPoints()).thenApply(lsn -> {
            Rejections r = store.takeRejections(lsn);
            if (r == null) {
                return response(v.rejectedPoints(), v.errorMessage());
            }
            metrics.rejected(Signal.METRICS, IngestMetrics.Reason.STORE_REJECTED, r.rejectedPoints());
            String message = v.rejectedPoints() == 0 ? r.message() : v.errorMessage() + "; " + r.message();
            return response(v.rejectedPoints() + r.rejectedPoints(), message);
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
