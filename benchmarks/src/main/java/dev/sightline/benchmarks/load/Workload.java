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
 * would reject as a duplicate). In the high-cardinality mode ({@link #highCardinality}) each request carries the
 * next instances of the sender's share of the active series ({@link SeriesChurn}).
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
    private final SeriesChurn churn;
    private long lastMillis;
    private long passFloorMillis;
    private long pass;
    /** Counter and gauge series per instance (besides the histogram's 13). */
    static final int COUNTERS_AND_GAUGES = 16;
    private static final int SERIES_PER_INSTANCE = COUNTERS_AND_GAUGES;

    Workload(String signal, int batch) {
        this(signal, batch, false);
    }

    Workload(String signal, int batch, boolean remoteWrite) {
        this(signal, batch, remoteWrite, null);
    }

    private Workload(String signal, int batch, boolean remoteWrite, SeriesChurn churn) {
        this.signal = signal;
        this.batch = batch;
        this.remoteWrite = remoteWrite;
        this.churn = churn;
    }

    /**
     * The high-cardinality metrics workload of sender {@code worker}: requests of {@code batch} instances walking
     * round-robin over the worker's share of the {@code churn}'s instances.
     */
    static Workload highCardinality(SeriesChurn churn, int batch, boolean remoteWrite) {
        return new Workload("metrics", batch, remoteWrite, churn);
    }

    /** The worker's share and churn in the high-cardinality mode, else null. */
    SeriesChurn churn() {
        return churn;
    }

    /**
     * The request number {@code n} of sender {@code worker}: distinct seeds give distinct IDs; for metrics, each
     * worker scrapes its own instances every 15 s of simulated time, one scrape per request.
     */
    Payload make(long seed, int worker, long n) {
        long s = seed * 1_000_003L ^ ((long) worker << 40) ^ n;
        if (churn != null) {
            return nextSlice();
        }
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

    /**
     * The next slice of the share, stamped with the wall clock, but never earlier than the previous request and
     * always later than every sample of the previous pass: each series' timestamps increase strictly while staying
     * at (or, only if a whole pass takes under a millisecond, just ahead of) the wall clock, well inside the
     * receivers' out-of-order and future limits.
     */
    private Payload nextSlice() {
        SeriesChurn.Slice slice = churn.next(batch);
        if (slice.pass() != pass) {
            pass = slice.pass();
            passFloorMillis = lastMillis + 1;
        }
        lastMillis = Math.max(System.currentTimeMillis(), Math.max(lastMillis, passFloorMillis));
        int samples = slice.count() * MetricData.samplesPerInstance(SERIES_PER_INSTANCE);
        long scrapeIndex = slice.pass() + 1;
        if (remoteWrite) {
            return new Payload(RemoteWriteData.scrape(slice::instance, slice.count(), SERIES_PER_INSTANCE, lastMillis,
                    scrapeIndex), samples, null);
        }
        return new Payload(MetricData.scrape(slice::instance, slice.count(), SERIES_PER_INSTANCE,
                lastMillis * 1_000_000L, scrapeIndex).toByteArray(), samples, null);
    }
}
