package dev.sightline.ingest.otlp;

import dev.sightline.storage.model.Signal;
import dev.sightline.storage.write.OverloadedException;
import dev.sightline.storage.write.RecordSink;
import dev.sightline.storage.write.ShuttingDownException;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The transport-independent half of trace ingest: validate, log durably, answer. Both the gRPC and the HTTP
 * receivers call {@link #export}. Thread-safe.
 */
public final class TraceReceiver {
    private final RecordSink sink;
    private final Duration retention;
    private final IngestMetrics metrics;

    /** @param retention spans older than this are rejected (retention would drop them at once) */
    public TraceReceiver(RecordSink sink, Duration retention) {
        this(sink, retention, IngestMetrics.unregistered());
    }

    /** As {@link #TraceReceiver(RecordSink, Duration)}, counting stored and rejected spans into {@code metrics}. */
    public TraceReceiver(RecordSink sink, Duration retention, IngestMetrics metrics) {
        this.sink = sink;
        this.retention = retention;
        this.metrics = metrics;
    }

    /** Refuses a request of {@code wireBytes} at once when the queue is full ({@link RecordSink#admit}). */
    public void admit(long wireBytes) throws OverloadedException {
        metrics.admit(sink, Signal.TRACES, wireBytes);
    }

    /**
     * Stores the valid spans of {@code request}.
     *
     * @param wireBytes the request's protobuf encoding when the caller has it (saves re-encoding), else null
     * @return completes with the response once the accepted spans are durable (fsynced) and readable by trace
     *     ID; its {@code partial_success} counts and explains rejected spans
     */
    public CompletableFuture<ExportTraceServiceResponse> export(ExportTraceServiceRequest request, byte[] wireBytes)
            throws OverloadedException, ShuttingDownException {
        TraceValidation v = TraceValidation.of(request, retention);
        ExportTraceServiceResponse response = response(v);
        metrics.rejected(Signal.TRACES, IngestMetrics.Reason.INVALID, v.rejectedSpans());
        if (v.acceptedSpans() == 0) {
            return CompletableFuture.completedFuture(response);
        }
        byte[] payload = v.rejectedSpans() == 0 && wireBytes != null ? wireBytes : v.accepted().toByteArray();
        return metrics.submit(sink, Signal.TRACES, payload, v.accepted(), v.acceptedSpans()).thenApply(receipt -> response);
    }

    private static ExportTraceServiceResponse response(TraceValidation v) {
        if (v.rejectedSpans() == 0) {
            return ExportTraceServiceResponse.getDefaultInstance();
        }
        return ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(v.rejectedSpans())
                        .setErrorMessage(v.errorMessage()))
                .build();
    }
}
