package dev.sightline.benchmarks.load;

import dev.sightline.benchmarks.LogData;
import dev.sightline.benchmarks.MetricData;
import dev.sightline.benchmarks.RemoteWriteData;
import dev.sightline.benchmarks.TraceData;
import dev.sightline.storage.model.HexIds;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * Makes one sender's requests for a signal, deterministically from a seed. One per sending thread: metrics
 * timestamps increase strictly per sender (no two scrapes of a series share a millisecond, which Prometheus
 * would reject as a duplicate).
 */
final class Workload {
    /**
     * One request.
     *
     * @param body the OTLP export request, protobuf-encoded
     * @param items spans, log records or samples in it
     * @param sampleTraceId a trace ID in it (hex) for later lookups, or null
     */
    record Payload(byte[] body, int items, String sampleTraceId) {
    }

    private final String signal;
    private final int batch;
    private final boolean remoteWrite;
    private long lastMillis;
    private static final int SERIES_PER_INSTANCE = 16;

    Workload(String signal, int batch) {
        this(signal, batch, false);
    }

    Workload(String signal, int batch, boolean remoteWrite) {
        this.signal = signal;
        this.batch = batch;
        this.remoteWrite = remoteWrite;
    }

    /**
     * The request number {@code n} of sender {@code worker}: distinct seeds give distinct IDs; for metrics, each
     * worker scrapes its own instances every 15 s of simulated time, one scrape per request.
     */
    Payload make(long seed, int worker, long n) {
        long s = seed * 1_000_003L ^ ((long) worker << 40) ^ n;
        return switch (signal) {
            case "logs" -> new Payload(LogData.batch(s, batch).toByteArray(), batch, null);
            case "metrics" -> {
                lastMillis = Math.max(System.currentTimeMillis(), lastMillis + 1);
                int samples = batch * MetricData.samplesPerInstance(SERIES_PER_INSTANCE);
                if (remoteWrite) {
                    yield new Payload(RemoteWriteData.scrape(worker * 1_000_000, batch, SERIES_PER_INSTANCE,
                            lastMillis, n + 1), samples, null);
                }
                var req = MetricData.scrape(worker * 1_000_000, batch, SERIES_PER_INSTANCE,
                        lastMillis * 1_000_000L, n + 1);
                yield new Payload(req.toByteArray(), samples, null);
            }
            default -> {
                ExportTraceServiceRequest req = TraceData.batch(s, batch);
                String traceId = HexIds.toHex(req.getResourceSpans(0).getScopeSpans(0).getSpans(0).getTraceId());
                yield new Payload(req.toByteArray(), batch, traceId);
            }
        };
    }
}
