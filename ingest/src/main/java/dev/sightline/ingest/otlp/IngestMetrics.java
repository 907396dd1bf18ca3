package dev.sightline.ingest.otlp;

import com.google.protobuf.Message;
import dev.sightline.storage.instrumentation.Counter;
import dev.sightline.storage.instrumentation.Family;
import dev.sightline.storage.instrumentation.MetricRegistry;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.write.OverloadedException;
import dev.sightline.storage.write.Receipt;
import dev.sightline.storage.write.RecordSink;
import dev.sightline.storage.write.RecordType;
import dev.sightline.storage.write.ShuttingDownException;
import java.util.concurrent.CompletableFuture;

/**
 * Ingest counters per signal: records made durable, and records rejected with the reason. Every child is
 * resolved here, once, so recording is an array index and a {@code LongAdder} increment. Thread-safe.
 */
public final class IngestMetrics {
    /** Why records were not stored; the label value is {@link #label()}. */
    public enum Reason {
        /** Failed validation (bad IDs, timestamps, names): answered through {@code partial_success}. */
        INVALID("invalid"),
        /** The ingest queue was full: answered 429 / {@code RESOURCE_EXHAUSTED}. */
        OVERLOADED("overloaded"),
        /** The server was stopping: answered 503 / {@code UNAVAILABLE}. */
        SHUTTING_DOWN("shutting_down"),
        /** The WAL append or fsync failed: answered 503 / {@code UNAVAILABLE}. */
        STORAGE_ERROR("storage_error"),
        /** Logged, then refused by the metric store (too old, conflicting value): in {@code partial_success}. */
        STORE_REJECTED("store_rejected");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Why a whole request was refused before any record in it was read; the label value is {@link #label()}. */
    public enum RequestReason {
        /** Not valid protobuf or OTLP/JSON, not snappy, not a WriteRequest: 400 / {@code INVALID_ARGUMENT}. */
        MALFORMED("malformed"),
        /** Body (after decompression) over {@code ingest.max_body_size}: 413. */
        TOO_LARGE("too_large"),
        /** Content-Type or Content-Encoding the endpoint does not take: 415. */
        UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
        /** Refused before decoding because the ingest queue was full: 429 / {@code RESOURCE_EXHAUSTED}. */
        OVERLOADED("overloaded");

        private final String label;

        RequestReason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Counter[] accepted = new Counter[Signal.values().length];
    private final Counter[][] rejectedRequests = new Counter[Signal.values().length][RequestReason.values().length];
    private final Counter[][] rejected = new Counter[Signal.values().length][Reason.values().length];

    public IngestMetrics(MetricRegistry registry) {
        Family<Counter> acc = registry.counter("sightline_ingest_records_total",
                "Records (spans, log records, metric data points) written to the WAL, by signal.", "signal");
        Family<Counter> rej = registry.counter("sightline_ingest_rejected_records_total",
                "Records not stored, by signal and reason.", "signal", "reason");
        Family<Counter> req = registry.counter("sightline_ingest_rejected_requests_total",
                "Requests refused before any record in them was read (malformed, too large, unsupported media type),"
                        + " by signal and reason.", "signal", "reason");
        for (Signal s : Signal.values()) {
            for (RequestReason r : RequestReason.values()) {
                rejectedRequests[s.ordinal()][r.ordinal()] = req.labels(s.label(), r.label());
            }
            accepted[s.ordinal()] = acc.labels(s.label());
            for (Reason r : Reason.values()) {
                if (r != Reason.STORE_REJECTED || s == Signal.METRICS) {
                    rejected[s.ordinal()][r.ordinal()] = rej.labels(s.label(), r.label());
                }
            }
        }
    }

    /** Counters that nobody reads: for receivers built without a registry (tests, tools). */
    public static IngestMetrics unregistered() {
        return new IngestMetrics(new MetricRegistry());
    }

    /** A request of {@code signal} refused as a whole, before decoding its records. */
    public void requestRejected(Signal signal, RequestReason reason) {
        rejectedRequests[signal.ordinal()][reason.ordinal()].add(1);
    }

    public void rejected(Signal signal, Reason reason, int records) {
        if (records > 0) {
            Counter c = rejected[signal.ordinal()][reason.ordinal()];
            if (c == null) {
                throw new IllegalArgumentException("reason " + reason.label() + " does not apply to " + signal.label());
            }
            c.add(records);
        }
    }

    /** {@link RecordSink#admit}, counting a refusal as a request rejected for {@link RequestReason#OVERLOADED}. */
    public void admit(RecordSink sink, Signal signal, long payloadBytes) throws OverloadedException {
        try {
            sink.admit(payloadBytes);
        } catch (OverloadedException e) {
            requestRejected(signal, RequestReason.OVERLOADED);
            throw e;
        }
    }

    /**
     * {@link RecordSink#submit}, counting {@code records} as stored when the returned future completes normally,
     * and as rejected (with the reason) when the submit throws or the future fails.
     */
    public CompletableFuture<Receipt> submit(RecordSink sink, Signal signal, byte[] payload, Message batch,
            int records) throws OverloadedException, ShuttingDownException {
        return submit(sink, RecordType.otlp(signal), payload, batch, records);
    }

    /** As the other {@code submit}, for a record of any type. */
    public CompletableFuture<Receipt> submit(RecordSink sink, RecordType type, byte[] payload, Object batch,
            int records) throws OverloadedException, ShuttingDownException {
        Signal signal = type.signal();
        CompletableFuture<Receipt> done;
        try {
            done = sink.submit(type, payload, batch);
        } catch (OverloadedException e) {
            rejected(signal, Reason.OVERLOADED, records);
            throw e;
        } catch (ShuttingDownException e) {
            rejected(signal, Reason.SHUTTING_DOWN, records);
            throw e;
        }
        return done.whenComplete((receipt, error) -> {
            if (error == null) {
                accepted[signal.ordinal()].add(records);
            } else {
                rejected(signal, Reason.STORAGE_ERROR, records);
            }
        });
    }
}
