package dev.sightline.ingest.otlp;

import dev.sightline.storage.model.Signal;
import dev.sightline.storage.write.OverloadedException;
import dev.sightline.storage.write.RecordSink;
import dev.sightline.storage.write.ShuttingDownException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.util.concurrent.CompletableFuture;

/**
 * The transport-independent half of log ingest: validate, log durably, answer. Both the gRPC and the HTTP
 * receivers call {@link #export}. Thread-safe.
 */
public final class LogReceiver {
    private final RecordSink sink;

    private final IngestMetrics metrics;

    public LogReceiver(RecordSink sink) {
        this(sink, IngestMetrics.unregistered());
    }

    /** As {@link #LogReceiver(RecordSink)}, counting stored and rejected records into {@code metrics}. */
    public LogReceiver(RecordSink sink, IngestMetrics metrics) {
        this.sink = sink;
        this.metrics = metrics;
    }

    /** Refuses a request of {@code wireBytes} at once when the queue is full ({@link RecordSink#admit}). */
    public void admit(long wireBytes) throws OverloadedException {
        metrics.admit(sink, Signal.LOGS, wireBytes);
    }

    /**
     * Stores the valid records of {@code request}.
     *
     * @param wireBytes the request's protobuf encoding when the caller has it (saves re-encoding), else null
     * @return completes with the response once the accepted records are durable (fsynced); they are searchable
     *     within the index refresh interval after that. Its {@code partial_success} counts and explains rejects.
     */
    public CompletableFuture<ExportLogsServiceResponse> export(ExportLogsServiceRequest request, byte[] wireBytes)
            throws OverloadedException, ShuttingDownException {
        LogValidation v = LogValidation.of(request);
        ExportLogsServiceResponse response = response(v);
        metrics.rejected(Signal.LOGS, IngestMetrics.Reason.INVALID, v.rejectedRecords());
        if (v.acceptedRecords() == 0) {
            return CompletableFuture.completedFuture(response);
        }
        byte[] payload = v.rejectedRecords() == 0 && wireBytes != null ? wireBytes : v.accepted().toByteArray();
        return metrics.submit(sink, Signal.LOGS, payload, v.accepted(), v.acceptedRecords()).thenApply(receipt -> response);
    }

    private static ExportLogsServiceResponse response(LogValidation v) {
        if (v.rejectedRecords() == 0) {
            return ExportLogsServiceResponse.getDefaultInstance();
        }
        return ExportLogsServiceResponse.newBuilder()
                .setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                        .setRejectedLogRecords(v.rejectedRecords())
                        .setErrorMessage(v.errorMessage()))
                .build();
    }
}
