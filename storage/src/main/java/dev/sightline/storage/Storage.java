package dev.sightline.storage;

import dev.sightline.storage.instrumentation.MetricRegistry;
import dev.sightline.storage.logs.LogIndex;
import dev.sightline.storage.logs.LogLimits;
import dev.sightline.storage.metrics.MetricStore;
import dev.sightline.storage.spans.SpanIndex;
import dev.sightline.storage.spans.SpanSearcher;
import dev.sightline.storage.spanmetrics.SpanMetrics;
import dev.sightline.storage.traces.TraceStore;
import dev.sightline.storage.wal.WriteAheadLog;
import dev.sightline.storage.write.WritePath;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything under the data folder: the WAL, the stores, and the write path that feeds them. Lifecycle:
 * {@link #open} (files opened, folder locked), {@link #recover} (WAL replayed), {@link #start} (ingest may
 * submit), {@link #close} (drain, commit, checkpoint, close — in that order).
 */
public final class Storage implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Storage.class.getName());

    /**
     * Data folders this process has locked. Checked before the lock file is opened: closing a second channel on
     * it would release this process's OS-level lock (POSIX), and {@code tryLock} would throw
     * {@link java.nio.channels.OverlappingFileLockException} rather than return null.
     */
    private static final Set<Path> LOCKED_IN_THIS_PROCESS = ConcurrentHashMap.newKeySet();

    private final StorageOptions options;
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final Path lockKey;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private boolean unlocked;
    private final WriteAheadLog wal;
    private final TraceStore traces;
    private final SpanIndex spans;
    private final LogIndex logs;
    private final MetricStore metrics;
    private final SpanMetrics spanMetrics;
    private final WritePath writePath;
    private volatile boolean ready;
    /** How often at most the metric store's retention pass runs (as before there was one retention path). */
    static final Duration METRICS_RETENTION_EVERY = Duration.ofHours(1);
    /** When the metric store's retention last ran, by the {@code now} of {@link #applyRetention}; null: never. */
    private Instant metricsRetainedAt;
    private final ScheduledExecutorService retention = Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("sightline-retention").daemon(true).unstarted(r));

    private Storage(StorageOptions options, MetricRegistry registry) throws IOException {
        this.options = options;
        Path data = options.dataDir();
        Files.createDirectories(data);
        lockKey = data.toRealPath();
        if (!LOCKED_IN_THIS_PROCESS.add(lockKey)) {
            throw new IOException("data folder " + data.toAbsolutePath() + " is in use by this process");
        }
        FileChannel ch = null;
        FileLock l;
        try {
            ch = FileChannel.open(data.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            l = ch.tryLock();
            if (l == null) {
                throw new IOException("data folder " + data.toAbsolutePath() + " is in use by another Sightline process");
            }
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            LOCKED_IN_THIS_PROCESS.remove(lockKey);
            throw e;
        }
        lockChannel = ch;
        lock = l;
        try {
            wal = own(WriteAheadLog.open(data.resolve("wal"), options.walSegmentBytes()));
            traces = own(TraceStore.open(data.resolve("traces"), options.correlationKeys()));
            spans = own(SpanIndex.open(data.resolve("spans"), options.indexRefresh().toMillis()));
            logs = own(LogIndex.open(data.resolve("logs"), options.indexRefresh().toMillis(),
                    options.correlationKeys()));
            metrics = own(MetricStore.open(data.resolve("metrics"), options.metrics()));
            spanMetrics = options.spanMetrics().enabled()
                    ? own(SpanMetrics.open(data.resolve("spanmetrics").resolve("state"), options.spanMetrics(), metrics,
                            System::currentTimeMillis))
                    : null;
            List<dev.sightline.storage.write.Applier> sync = spanMetrics == null ? List.of(traces, metrics)
                    : List.of(traces, metrics, spanMetrics);
            writePath = new WritePath(wal, sync, List.of(spans, logs), options.queueMaxBytes(),
                    options.checkpointInterval(), registry);
        } catch (IOException | RuntimeException e) {
            closeOwned();
            throw e;
        }
    }

    /** Opens the stores in the data folder and locks it against a second process. */
    public static Storage open(StorageOptions options) throws IOException {
        return new Storage(options, new MetricRegistry());
    }

    /** As {@link #open(StorageOptions)}, recording the write path's metrics into {@code registry}. */
    public static Storage open(StorageOptions options, MetricRegistry registry) throws IOException {
        return new Storage(options, registry);
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    /**
     * Applies retention, then replays the WAL past the last checkpoint (so replay cannot bring back days already
     * past retention). Returns the number of records replayed.
     */
    public long recover() throws IOException {
        applyRetention(Instant.now());
        long n = writePath.recover();
        if (n > 0) {
            LOG.info(() -> "replayed " + n + " WAL records");
        }
        return n;
    }

    /** Starts the write path and the retention schedule; from here on ingest may submit and storage is ready. */
    public void start() {
        if (spanMetrics != null) {
            spanMetrics.start(); // first: spans accepted from now on are live, not replay (new series get a zero)
        }
        writePath.start();
        long every = options.retentionCheckInterval().toMillis();
        retention.scheduleWithFixedDelay(() -> {
            try {
                applyRetention(Instant.now());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "retention run failed; it is retried at the next interval", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        ready = true;
    }

    /**
     * The one retention path: drops what lies past each signal's retention as of {@code now}, in every store (see
     * {@link RetentionCutoffs}). Runs before WAL replay and every {@code retentionCheckInterval}; each store also
     * ignores records of a day it has dropped from then on. Days are dropped at every run (a folder or column
     * family each); the metric store's pass, which walks every series under its write lock, runs at most every
     * {@link #METRICS_RETENTION_EVERY} of {@code now}.
     *
     * @return the cut-offs applied
     */
    public synchronized RetentionCutoffs applyRetention(Instant now) throws IOException {
        RetentionCutoffs cutoffs = RetentionCutoffs.at(now, options);
        traces.dropBefore(cutoffs.tracesOldestKept());
        spans.dropBefore(cutoffs.tracesOldestKept());
        logs.dropBefore(cutoffs.logsOldestKept());
        if (metricsRetainedAt == null || !now.isBefore(metricsRetainedAt.plus(METRICS_RETENTION_EVERY))) {
            metrics.dropBefore(cutoffs.metricsCutoffMillis());
            metricsRetainedAt = now;
        }
        return cutoffs;
    }

    /** True once the WAL is replayed and the stores are open and accepting. */
    public boolean ready() {
        return ready;
    }

    public StorageOptions options() {
        return options;
    }

    public WritePath writePath() {
        return writePath;
    }

    public TraceStore traces() {
        return traces;
    }

    public SpanIndex spans() {
        return spans;
    }

    public LogIndex logs() {
        return logs;
    }

    public MetricStore metrics() {
        return metrics;
    }

    /**
     * What the query layer reads through: the span and log readers (log queries cost at most {@code logLimits}),
     * and the metric store's read interfaces.
     */
    public Readers readers(LogLimits logLimits) {
        return new Readers(new SpanSearcher(traces, spans, options.correlationKeys()), logs.searcher(logLimits),
                metrics, metrics);
    }

    /** The span RED metrics, or null when {@code traces.span_metrics} is off. */
    public SpanMetrics spanMetrics() {
        return spanMetrics;
    }

    public WriteAheadLog wal() {
        return wal;
    }

    /** Drains the write path, commits and checkpoints, then closes every store. Idempotent. */
    @Override
    public void close() {
        ready = false;
        retention.shutdownNow();
        try {
            writePath.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warning("interrupted while draining; the WAL replays what was not committed");
        }
        closeOwned();
    }

    private synchronized void closeOwned() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing " + owned.get(i).getClass().getSimpleName() + " failed", e);
            }
        }
        owned.clear();
        if (unlocked) {
            return; // a second close must not unregister a later Storage on the same folder
        }
        unlocked = true;
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "releasing the data folder lock failed", e);
        }
        LOCKED_IN_THIS_PROCESS.remove(lockKey);
    }
}
