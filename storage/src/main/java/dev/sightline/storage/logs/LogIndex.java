package dev.sightline.storage.logs;

import com.google.protobuf.Message;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.spans.SpanIndex;
import dev.sightline.storage.write.Applier;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;

/**
 * The log store: one Lucene index per UTC day of the record's time ({@code logs/yyyyMMdd/}), each document
 * holding the whole record (compressed stored field) and its search fields. Searches are in
 * {@link LogSearcher}, reached through {@link #searcher()}.
 *
 * <p>Replay never adds a record twice: each partition's commit records the last WAL LSN it holds, and records
 * at or before it are skipped for that partition. Retention runs at each commit (on the indexer thread, so
 * never during an apply) and deletes whole days that ended more than {@code retention} ago.
 *
 * <p>Thread-safety: {@link #apply} and {@link #commit} from the write path's indexer thread; searches from
 * any thread (they hold the read side of a lock that dropping a partition takes for writing).
 */
public final class LogIndex implements Applier, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogIndex.class.getName());
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    private final Path root;
    private final Duration retention;
    private final CorrelationKeys correlation;
    private final LongSupplier clockNanos;
    private final Map<String, LogPartition> partitions = new ConcurrentSkipListMap<>();
    private final ReentrantReadWriteLock dropLock = new ReentrantReadWriteLock();
    private final ScheduledExecutorService refresher;

    private LogIndex(Path root, long refreshMillis, Duration retention, CorrelationKeys correlation,
            LongSupplier clockNanos) throws IOException {
        this.root = root;
        this.retention = retention;
        this.correlation = correlation;
        this.clockNanos = clockNanos;
        Files.createDirectories(root);
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path p : (Iterable<Path>) dirs::iterator) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && name.matches("\\d{8}")) {
                    partitions.put(name, LogPartition.open(name, dayStart(name), p));
                }
            }
            LogWarmUp.run();
        } catch (IOException | RuntimeException e) {
            closePartitions();
            throw e;
        }
        refresher = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("sightline-log-refresh").daemon(true).unstarted(r));
        refresher.scheduleWithFixedDelay(this::refresh, refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens (or creates) the log store under {@code root}.
     *
     * @param refreshMillis how often searchers reopen to see new records
     * @param retention days that ended longer ago than this are deleted
     */
    public static LogIndex open(Path root, long refreshMillis, Duration retention, CorrelationKeys correlation)
            throws IOException {
        return open(root, refreshMillis, retention, correlation, () -> System.currentTimeMillis() * 1_000_000L);
    }

    /** As {@link #open(Path, long, Duration, CorrelationKeys)}, with the clock retention measures against. */
    static LogIndex open(Path root, long refreshMillis, Duration retention, CorrelationKeys correlation,
            LongSupplier clockNanos) throws IOException {
        return new LogIndex(root, refreshMillis, retention, correlation, clockNanos);
    }

    private static long dayStart(String day) {
        return LocalDate.parse(day, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay(ZoneOffset.UTC).toEpochSecond()
                * 1_000_000_000L;
    }

    @Override
    public boolean accepts(Signal signal) {
        return signal == Signal.LOGS;
    }

    @Override
    public void apply(long lsn, Signal signal, Message batch) throws IOException {
        ExportLogsServiceRequest request = (ExportLogsServiceRequest) batch;
        int ordinal = 0;
        for (ResourceLogs rl : request.getResourceLogsList()) {
            String service = SpanIndex.serviceName(rl.getResource().getAttributesList());
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                for (LogRecord r : sl.getLogRecordsList()) {
                    int ord = ordinal++;
                    StoredLog log = new StoredLog(rl.getResource(), rl.getSchemaUrl(), sl.getScope(), sl.getSchemaUrl(),
                            r, StoredLog.effectiveTime(r));
                    LogPartition p = partitionFor(log.timeUnixNano());
                    if (lsn <= p.committedLsn) {
                        continue; // already in this partition's last commit: a replay after a crash
                    }
                    p.writer.addDocument(LogDocuments.toDocument(log, service, lsn, ord, correlation));
                }
            }
        }
    }

    /**
     * The documents {@link #apply} adds for a batch, in order (a pure function, for the benchmarks that compare
     * the index with Lucene alone on the same documents).
     */
    public static List<Document> documents(ExportLogsServiceRequest request, long lsn, CorrelationKeys correlation) {
        List<Document> out = new ArrayList<>();
        int ordinal = 0;
        for (ResourceLogs rl : request.getResourceLogsList()) {
            String service = SpanIndex.serviceName(rl.getResource().getAttributesList());
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                for (LogRecord r : sl.getLogRecordsList()) {
                    StoredLog log = new StoredLog(rl.getResource(), rl.getSchemaUrl(), sl.getScope(), sl.getSchemaUrl(),
                            r, StoredLog.effectiveTime(r));
                    out.add(LogDocuments.toDocument(log, service, lsn, ordinal++, correlation));
                }
            }
        }
        return out;
    }

    private LogPartition partitionFor(long timeNanos) throws IOException {
        String day = DAY.format(Instant.ofEpochSecond(0, timeNanos));
        LogPartition p = partitions.get(day);
        if (p == null) {
            p = LogPartition.open(day, Math.floorDiv(timeNanos, NANOS_PER_DAY) * NANOS_PER_DAY, root.resolve(day));
            partitions.put(day, p);
        }
        return p;
    }

    /** Commits every changed partition, then applies retention. */
    @Override
    public void commit(long throughLsn) throws IOException {
        for (LogPartition p : partitions.values()) {
            p.commit(throughLsn);
        }
        dropExpired();
    }

    /** Deletes every day that ended more than the retention period ago. Returns the days deleted. */
    public List<String> dropExpired() {
        long cutoff = clockNanos.getAsLong() - retention.toNanos();
        List<String> dropped = new ArrayList<>();
        for (LogPartition p : List.copyOf(partitions.values())) {
            if (p.endNanos() <= cutoff) {
                drop(p);
                dropped.add(p.day);
            }
        }
        if (!dropped.isEmpty()) {
            LOG.info(() -> "log retention (" + retention + ") deleted days " + dropped);
        }
        return dropped;
    }

    private void drop(LogPartition p) {
        dropLock.writeLock().lock();
        try {
            partitions.remove(p.day);
            p.close();
            try (Stream<Path> files = Files.walk(p.dir)) {
                for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "deleting expired log partition " + p.dir + " failed", e);
        } finally {
            dropLock.writeLock().unlock();
        }
    }

    private void refresh() {
        dropLock.readLock().lock(); // a partition being dropped is not refreshed while it closes
        try {
            for (LogPartition p : partitions.values()) {
                try {
                    p.searchers.maybeRefresh();
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "refreshing log partition " + p.dir + " failed", e);
                }
            }
        } finally {
            dropLock.readLock().unlock();
        }
    }

    /** Makes every record applied so far searchable now (tests; searches normally wait for the refresher). */
    public void refreshNow() throws IOException {
        for (LogPartition p : partitions.values()) {
            p.searchers.maybeRefreshBlocking();
        }
    }

    /** The day partitions on disk, oldest first, as {@code yyyyMMdd}. */
    public List<String> partitionNames() {
        return new ArrayList<>(partitions.keySet());
    }

    /** Searches over this store's partitions. */
    public LogSearcher searcher(LogLimits limits) {
        return new LogSearcher(this, limits);
    }

    /** Runs {@code work} over the partitions overlapping the window, with none dropped meanwhile. */
    <T> T withPartitions(long start, long endExclusive, boolean descending, PartitionWork<T> work)
            throws IOException, LogQueryException {
        dropLock.readLock().lock();
        try {
            List<LogPartition> in = new ArrayList<>();
            for (LogPartition p : partitions.values()) {
                if (p.overlaps(start, endExclusive)) {
                    in.add(p);
                }
            }
            if (descending) {
                java.util.Collections.reverse(in);
            }
            return work.run(in);
        } catch (org.apache.lucene.search.IndexSearcher.TooManyClauses e) {
            throw new LogQueryException("query is too expensive: " + e.getMessage());
        } finally {
            dropLock.readLock().unlock();
        }
    }

    @FunctionalInterface
    interface PartitionWork<T> {
        T run(List<LogPartition> partitions) throws IOException, LogQueryException;
    }

    @Override
    public void close() {
        refresher.shutdown();
        try {
            refresher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closePartitions();
    }

    private void closePartitions() {
        for (LogPartition p : partitions.values()) {
            try {
                p.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing log partition " + p.dir + " failed", e);
            }
        }
        partitions.clear();
    }
}
