package dev.sightline.benchmarks.load;

import dev.sightline.benchmarks.LogData;
import dev.sightline.benchmarks.MetricData;
import dev.sightline.benchmarks.RemoteWriteData;
import dev.sightline.benchmarks.TraceData;
import java.util.Random;

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
    /** Log and trace requests are fresh copies of this many generated batches per sender ({@link Restamper}). */
    static final int TEMPLATES = 16;
    private final Restamper[] templates = new Restamper[TEMPLATES];
    private Random random;
    private long templateSeed;
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
     * The request number {@code n} of sender {@code worker}: distinct seeds give distinct IDs. Logs and traces are
     * copies of {@link #TEMPLATES} generated batches with fresh IDs and times ({@link Restamper}); for metrics, each
     * worker scrapes its own instances every 15 s of simulated time, one scrape per request.
     */
    Payload make(long seed, int worker, long n) {
        if (random == null) {
            random = new Random(seed * 1_000_003L ^ ((long) worker << 40));
            templateSeed = seed * 1_000_003L ^ ((long) worker << 40);
        }
        if (churn != null) {
            return nextSlice();
        }
        return switch (signal) {
            case "logs" -> {
                Restamper r = template(n, t -> Restamper.logs(LogData.batch(t, batch).toByteArray(),
                        System.currentTimeMillis() * 1_000_000L));
                yield new Payload(r.next(random, System.currentTimeMillis() * 1_000_000L), batch, null);
            }
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
                Restamper r = template(n, t -> Restamper.traces(TraceData.batch(t, batch).toByteArray(),
                        System.currentTimeMillis() * 1_000_000L));
                byte[] body = r.next(random, System.currentTimeMillis() * 1_000_000L);
                yield new Payload(body, batch, r.firstTraceIdHex(body));
            }
        };
    }

    /** The template for request {@code n}, made on first use from its own seed. */
    private Restamper template(long n, java.util.function.LongFunction<Restamper> make) {
        int i = (int) (n % TEMPLATES);
        if (templates[i] == null) {
            templates[i] = make.apply(templateSeed ^ i);
        }
        return templates[i];
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
