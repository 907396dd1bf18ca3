package dev.sightline.storage.metrics;

import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.MatchType;
import dev.sightline.storage.model.Matcher;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.model.TraceId;
import dev.sightline.storage.prometheus.RemoteWriteBatch;
import dev.sightline.storage.series.Exemplar;
import dev.sightline.storage.series.MetricMetadata;
import dev.sightline.storage.series.MetricsReader;
import dev.sightline.storage.series.SeriesExemplars;
import dev.sightline.storage.series.SeriesSource;
import dev.sightline.storage.write.Applier;
import dev.sightline.storage.write.Rejections;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Logger;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * Metrics in RocksDB: the series catalogue, Gorilla chunks keyed by series and first timestamp, metadata and
 * exemplars. A synchronous applier: an export is readable as soon as it is acknowledged.
 *
 * <p>Thread-safety: {@link #apply} and {@link #commit} take the write lock; reads take the read lock only to
 * pick series, copy their head chunks and pin a RocksDB snapshot, then read without it.
 */
public final class MetricStore implements Applier, SeriesSource, MetricsReader, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MetricStore.class.getName());

    private final MetricsDb db;
    private final MetricsOptions options;
    private final SeriesIndex index = new SeriesIndex();
    private final Map<String, MetricMetadata> metadata = new ConcurrentHashMap<>();
    private final SampleAppender appender;
    private final OtlpMetricsTranslator translator;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    private MetricStore(Path dir, MetricsOptions options) throws IOException {
        this.db = new MetricsDb(dir);
        this.options = options;
        try {
            loadCatalogue();
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
        this.appender = new SampleAppender(db, index, options.outOfOrderWindow().toMillis(), metadata);
        this.translator = new OtlpMetricsTranslator(ResourceLabelRule.parse(options.resourceLabels()));
    }

    public static MetricStore open(Path dir, MetricsOptions options) throws IOException {
        return new MetricStore(dir, options);
    }

    private void loadCatalogue() throws IOException {
        try (RocksIterator it = db.db.newIterator(db.series)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                index.add(MetricsDb.keyId(it.key()), MetricsDb.decodeLabels(it.value(), new int[] {0}));
            }
        }
        try (RocksIterator it = db.db.newIterator(db.metadata)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] v = it.value();
                int[] p = {0};
                metadata.put(new String(it.key(), java.nio.charset.StandardCharsets.UTF_8), new MetricMetadata(
                        MetricsDb.readString(v, p), MetricsDb.readString(v, p), MetricsDb.readString(v, p)));
            }
        }
    }

    @Override
    public boolean accepts(Signal signal) {
        return signal == Signal.METRICS;
    }

    @Override
    public void apply(long lsn, Signal signal, Object batch) throws IOException {
        applyAndReport(lsn, signal, batch);
    }

    /** Applies an export; returns the data points refused (too old, conflicting value), which the receiver reports. */
    @Override
    public Rejections applyAndReport(long lsn, Signal signal, Object batch) throws IOException {
        if (batch instanceof RemoteWriteBatch remoteWrite) {
            return applyRemoteWrite(remoteWrite);
        }
        return applyDerived((ExportMetricsServiceRequest) batch);
    }

    /**
     * Stored series by the wire form of their labels, for decoding remote-write (see {@link
     * RemoteWriteBatch.KnownSeries}): without the lock, each candidate verified by its immutable key.
     */
    public RemoteWriteBatch.KnownSeries knownSeries() {
        return index::findUnlocked;
    }

    /**
     * Applies a remote-write request as it was sent: labels verbatim, each series found by its label hash and
     * bytes (no strings unless it is new), exemplars with the series' last sample when that went in, the
     * family's metadata when the request carried it.
     */
    private Rejections applyRemoteWrite(RemoteWriteBatch batch) throws IOException {
        OtlpMetricsTranslator.Reasons reasons = new OtlpMetricsTranslator.Reasons();
        lock.writeLock().lock();
        try {
            for (int i = 0, n = batch.seriesCount(); i < n; i++) {
                MetricMetadata m = batch.metadata(i);
                if (m != null) {
                    appender.metadata(batch.metricName(i), m);
                }
                MemSeries series = batch.hint(i) instanceof MemSeries found && !found.removed ? found
                        : batch.hashable(i) ? index.get(batch, i) : null;
                if (series == null) {
                    series = appender.series(batch.labels(i));
                }
                boolean lastIn = false;
                for (int j = batch.firstSample(i), end = batch.endSample(i); j < end; j++) {
                    String why = appender.append(series, batch.timestamp(j), batch.value(j), false);
                    lastIn = why == null || why.equals(SampleSink.DUPLICATE);
                    if (!lastIn) {
                        reasons.reject("metric " + batch.metricName(i), why);
                    }
                }
                if (lastIn) {
                    for (Exemplar e : batch.exemplars(i)) {
                        appender.exemplar(series.labels, e);
                    }
                }
            }
            appender.flush();
        } finally {
            lock.writeLock().unlock();
        }
        return reasons.result();
    }

    /**
     * Applies an export that is derived from other stored data and not logged in the WAL (span metrics): the same
     * translation as {@link #apply}, returning the rejections.
     */
    public Rejections applyDerived(ExportMetricsServiceRequest export) throws IOException {
        lock.writeLock().lock();
        try {
            Rejections r = translator.translate(export, appender);
            appender.flush();
            return r;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Appends samples directly (tests and benchmarks); returns the rejection reasons, null for stored ones. */
    public List<String> appendForTest(Labels labels, long[] ts, double[] vs) throws IOException {
        lock.writeLock().lock();
        try {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < ts.length; i++) {
                out.add(appender.append(labels, ts[i], vs[i], false));
            }
            appender.flush();
            return out;
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void commit(long throughLsn) throws IOException {
        lock.writeLock().lock();
        try {
            appender.persistDirtyHeads();
        } finally {
            lock.writeLock().unlock();
        }
        db.flush();
    }

    /**
     * Deletes chunks and exemplars whose samples are all older than {@code cutoffMillis}, and series left without
     * samples. Called by the storage's retention run, from any thread (it takes the write lock).
     */
    public void dropBefore(long cutoffMillis) throws IOException {
        int[] removed = Retention.run(db, index, appender, lock, cutoffMillis);
        if (removed[0] + removed[1] > 0) {
            LOG.info(() -> "metrics retention: deleted " + removed[0] + " chunks and " + removed[1]
                    + " series older than " + options.retention());
        }
    }

    /** Every series matching all matchers, whatever its samples' times. */
    public List<Labels> select(List<Matcher> matchers) {
        lock.readLock().lock();
        try {
            return index.select(matchers).stream().map(s -> s.labels).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Labels> series(List<Matcher> matchers, long mint, long maxt) throws IOException {
        List<Labels> out = new ArrayList<>();
        for (SeriesSamples s : read(matchers, mint, maxt, true)) {
            out.add(s.labels());
        }
        return out;
    }

    /** PromQL's read: {@link #read}, with a failed read as an {@link UncheckedIOException}. */
    @Override
    public List<SeriesSamples> select(long mint, long maxt, List<Matcher> matchers) {
        try {
            return read(matchers, mint, maxt);
        } catch (IOException e) {
            throw new UncheckedIOException("reading series for " + matchers + " failed: " + e.getMessage(), e);
        }
    }

    /** Samples in [mint, maxt] of every matching series that has some, series in label order. */
    public List<SeriesSamples> read(List<Matcher> matchers, long mint, long maxt) throws IOException {
        return read(matchers, mint, maxt, false);
    }

    private List<SeriesSamples> read(List<Matcher> matchers, long mint, long maxt, boolean firstOnly)
            throws IOException {
        List<ChunkReader.Target> targets = new ArrayList<>();
        Snapshot snapshot;
        lock.readLock().lock();
        try {
            for (MemSeries s : index.select(matchers)) {
                byte[] head = s.head == null || s.head.count() == 0 ? null : s.head.encode();
                targets.add(new ChunkReader.Target(s.id, s.labels, head));
            }
            snapshot = db.db.getSnapshot();
        } finally {
            lock.readLock().unlock();
        }
        try (ReadOptions ro = new ReadOptions().setSnapshot(snapshot)) {
            List<SeriesSamples> out = new ChunkReader(db, ro).read(targets, mint, maxt, firstOnly);
            out.sort((a, b) -> a.labels().compareTo(b.labels()));
            return out;
        } finally {
            db.db.releaseSnapshot(snapshot);
        }
    }

    @Override
    public List<String> labelNames(List<Matcher> matchers, long mint, long maxt) throws IOException {
        if (matchers.isEmpty() && unbounded(mint, maxt)) {
            lock.readLock().lock();
            try {
                return index.labelNames();
            } finally {
                lock.readLock().unlock();
            }
        }
        TreeSet<String> names = new TreeSet<>();
        for (Labels l : series(matchersOrAll(matchers), mint, maxt)) {
            for (int i = 0; i < l.size(); i++) {
                names.add(l.name(i));
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public List<String> labelValues(String name, List<Matcher> matchers, long mint, long maxt)
            throws IOException {
        if (matchers.isEmpty() && unbounded(mint, maxt)) {
            lock.readLock().lock();
            try {
                return index.labelValues(name);
            } finally {
                lock.readLock().unlock();
            }
        }
        TreeSet<String> values = new TreeSet<>();
        for (Labels l : series(matchersOrAll(matchers), mint, maxt)) {
            String v = l.get(name);
            if (!v.isEmpty()) {
                values.add(v);
            }
        }
        return new ArrayList<>(values);
    }

    private static List<Matcher> matchersOrAll(List<Matcher> matchers) {
        return matchers.isEmpty() ? List.of(Matcher.of(MatchType.REGEX, Labels.METRIC_NAME, ".+"))
                : matchers;
    }

    private static boolean unbounded(long mint, long maxt) {
        return mint == Long.MIN_VALUE && maxt == Long.MAX_VALUE;
    }

    @Override
    public Map<String, MetricMetadata> metadata() {
        return new TreeMap<>(metadata);
    }

    @Override
    public List<SeriesExemplars> exemplars(List<Matcher> matchers, long mint, long maxt) throws IOException {
        List<MemSeries> series;
        lock.readLock().lock();
        try {
            series = index.select(matchers);
        } finally {
            lock.readLock().unlock();
        }
        return ExemplarReader.forSeries(db, series, mint, maxt);
    }

    @Override
    public List<SeriesExemplars> exemplarsForTrace(TraceId traceId) throws IOException {
        return ExemplarReader.forTrace(db, traceId.hex(), id -> {
            lock.readLock().lock();
            try {
                return index.get(id);
            } finally {
                lock.readLock().unlock();
            }
        });
    }

    /** Persists heads, flushes and compacts every column family (benchmarks and maintenance). */
    public void compact() throws IOException {
        commit(Long.MAX_VALUE);
        db.compact();
    }

    /** Bytes of the store's live SST files: chunks, catalogue, metadata, exemplars (flushed data only). */
    public long diskBytes() throws IOException {
        return db.liveSstBytes();
    }

    /** Series known to the store (the catalogue's size). */
    public int seriesCount() {
        lock.readLock().lock();
        try {
            return index.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
