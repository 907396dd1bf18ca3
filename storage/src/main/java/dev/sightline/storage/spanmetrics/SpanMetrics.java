package dev.sightline.storage.spanmetrics;

import dev.sightline.storage.metrics.MetricStore;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.write.Applier;
import dev.sightline.storage.write.RecordLog;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Span RED metrics derived at ingest, as the OpenTelemetry Collector's span-metrics connector derives them
 * (names and shape in {@link SpanMetricsExport}).
 *
 * <p>A synchronous {@link Applier} of trace records: each span adds one call and one duration observation to
 * its series' cumulative values in memory. Every {@code flush_interval} (and once right after recovery) the
 * values are written to the metric store as samples at the flush time, with the most recent spans as
 * exemplars. Those samples are derived data and do not go through the WAL.
 *
 * <p><b>Restarts and replay.</b> {@link #commit} saves the cumulative values with the LSN of the last record
 * they count ({@link SpanMetricsStateFile}); the write path checkpoints the WAL only after that, at or before
 * the same LSN. At start the state is read back and replayed records at or before its LSN are skipped, so a
 * span is counted exactly once however often it is replayed, and counters continue from where they were
 * instead of resetting. Because samples are only written at flushes, and replay finishes before the first
 * flush, a value written after a crash counts at least every span a value written before it counted: the
 * counters stay monotonic. A missing or damaged state file restarts the counters from zero (a reset, which
 * Prometheus' {@code rate} handles). Thread-safety: {@code apply} (writer thread), {@code commit} (indexer
 * thread) and flushes (this class's own thread) share one lock.
 */
public final class SpanMetrics implements Applier, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SpanMetrics.class.getName());

    private final SpanMetricsOptions options;
    private final MetricStore store;
    private final LongSupplier clockMillis;
    private final SpanMetricsStateFile stateFile;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<SeriesKey, SeriesState> series = new LinkedHashMap<>();
    private long appliedLsn = RecordLog.NONE;
    private long committedLsn = RecordLog.NONE;
    private boolean live;
    private ScheduledExecutorService flusher;
    private boolean closed;

    private SpanMetrics(Path stateFile, SpanMetricsOptions options, MetricStore store, LongSupplier clockMillis) {
        this.options = options;
        this.store = store;
        this.clockMillis = clockMillis;
        this.stateFile = new SpanMetricsStateFile(stateFile);
    }

    /**
     * Reads the saved state, if any. A damaged state file is logged and counting starts afresh.
     *
     * @param clockMillis epoch milliseconds: series start times and flush times
     */
    public static SpanMetrics open(Path stateFile, SpanMetricsOptions options, MetricStore store,
            LongSupplier clockMillis) {
        SpanMetrics m = new SpanMetrics(stateFile, options, store, clockMillis);
        try {
            SpanMetricsStateFile.State s = m.stateFile.read();
            if (s != null) {
                m.series.putAll(SpanMetricsExport.restore(s.series()));
                m.appliedLsn = s.lsn();
                m.committedLsn = s.lsn();
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "span metrics restart from zero (a counter reset): " + e.getMessage());
        }
        return m;
    }

    @Override
    public boolean accepts(Signal signal) {
        return signal == Signal.TRACES;
    }

    @Override
    public void apply(long lsn, Signal signal, Object batch) {
        lock.lock();
        try {
            if (lsn <= appliedLsn) {
                return; // counted already: before the state was saved, or earlier in this process (a repeat)
            }
            long nowNanos = clockMillis.getAsLong() * 1_000_000L;
            for (ResourceSpans rs : ((ExportTraceServiceRequest) batch).getResourceSpansList()) {
                String service = service(rs.getResource().getAttributesList());
                if (service == null) {
                    continue; // the connector skips resources without service.name
                }
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span span : ss.getSpansList()) {
                        observe(rs, service, span, nowNanos);
                    }
                }
            }
            appliedLsn = lsn;
        } finally {
            lock.unlock();
        }
    }

    private void observe(ResourceSpans rs, String service, Span span, long nowNanos) {
        SeriesKey key = new SeriesKey(rs.getResource(), service, span.getName(), kind(span),
                status(span.getStatus()), false);
        SeriesState s = series.get(key);
        if (s == null) {
            if (series.size() >= options.maxSeries()) {
                // One overflow series for everything past the limit, whatever its resource, so memory stays
                // bounded even when resources keep changing (pods, process IDs)
                key = SeriesKey.OVERFLOW;
                s = series.get(key);
            }
            if (s == null) {
                s = new SeriesState(nowNanos);
                s.written = !live; // a series first seen in replay gets no zero point: it may have had samples
                series.put(key, s);
            }
        }
        long start = span.getStartTimeUnixNano();
        long end = span.getEndTimeUnixNano();
        double ms = end > start ? (end - start) / 1e6 : 0;
        s.observe(ms);
        if (span.getTraceId().size() == 16 && span.getSpanId().size() == 8) {
            s.exemplar(new SeriesState.SpanExemplar(end, ms, span.getTraceId().toByteArray(),
                    span.getSpanId().toByteArray()));
        }
    }

    static String kind(Span span) {
        Span.SpanKind k = span.getKind();
        return k == Span.SpanKind.UNRECOGNIZED ? Span.SpanKind.SPAN_KIND_UNSPECIFIED.name() : k.name();
    }

    static String status(Status status) {
        Status.StatusCode c = status.getCode();
        return c == Status.StatusCode.UNRECOGNIZED ? Status.StatusCode.STATUS_CODE_UNSET.name() : c.name();
    }

    private static String service(java.util.List<KeyValue> attrs) {
        for (KeyValue kv : attrs) {
            if (kv.getKey().equals("service.name")) {
                return kv.getValue().getStringValue();
            }
        }
        return null;
    }

    /** Saves the cumulative values with the LSN of the last record they count. */
    @Override
    public void commit(long throughLsn) throws IOException {
        ExportMetricsServiceRequest snapshot;
        long lsn;
        lock.lock();
        try {
            lsn = appliedLsn;
            if (lsn == committedLsn) {
                return;
            }
            snapshot = SpanMetricsExport.build(series, 0, false, false);
        } finally {
            lock.unlock();
        }
        stateFile.write(lsn, snapshot);
        lock.lock();
        try {
            committedLsn = Math.max(committedLsn, lsn);
        } finally {
            lock.unlock();
        }
    }

    /** Starts flushing every {@code flush_interval}, after one flush now (recovery is over). */
    public void start() {
        lock.lock();
        try {
            live = true;
        } finally {
            lock.unlock();
        }
        flush();
        long every = options.flushInterval().toMillis();
        flusher = Executors.newSingleThreadScheduledExecutor(
                r -> Thread.ofPlatform().name("sightline-span-metrics").daemon(true).unstarted(r));
        flusher.scheduleWithFixedDelay(() -> {
            try {
                flush();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "span metrics flush failed; the next one writes the values", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Writes every series' current value to the metric store at the clock's time, with the spans seen since the
     * previous flush as exemplars.
     */
    public void flush() {
        ExportMetricsServiceRequest export;
        lock.lock();
        try {
            if (series.isEmpty()) {
                return;
            }
            export = SpanMetricsExport.build(series, clockMillis.getAsLong() * 1_000_000L, true, true);
            for (SeriesState s : series.values()) {
                s.exemplars.clear();
                s.written = true;
            }
        } finally {
            lock.unlock();
        }
        try {
            store.applyDerived(export);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "span metrics not written to the metric store: " + e.getMessage());
        }
    }

    /** The cumulative values as {@link #commit} saves them, without times (tests). */
    ExportMetricsServiceRequest snapshot() {
        lock.lock();
        try {
            return SpanMetricsExport.build(series, 0, false, false);
        } finally {
            lock.unlock();
        }
    }

    /** Series counted (tests, self-metrics). */
    public int seriesCount() {
        lock.lock();
        try {
            return series.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        if (flusher != null) {
            flusher.shutdownNow();
            try {
                flusher.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
