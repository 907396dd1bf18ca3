package dev.sightline.storage.spans;

import com.google.protobuf.Message;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Days;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.write.Applier;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The span search index: one Lucene index per UTC day of span start time ({@code spans/yyyyMMdd/}), so a
 * time-bounded search opens only the days it covers and retention drops whole folders.
 *
 * <p>Each partition's commit records the last WAL LSN it contains; on replay, records at or before it are
 * skipped for that partition, so replay never adds a span twice. Searchers are refreshed every
 * {@code refreshMillis}, which bounds how long an acknowledged span takes to become searchable.
 *
 * <p>Thread-safety: {@link #apply} and {@link #commit} from the write path's indexer thread; searches from any.
 */
public final class SpanIndex implements Applier, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SpanIndex.class.getName());
    private static final String LSN_KEY = "sightline.wal_lsn";

    private final Path root;
    private final CorrelationKeys correlationKeys;
    private final Map<String, Partition> partitions = new ConcurrentSkipListMap<>();
    /** Searches, applies and commits hold the read side; dropping partitions takes the write side. */
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ScheduledExecutorService refresher;
    private volatile String oldestKept = "00000000";

    private SpanIndex(Path root, long refreshMillis, CorrelationKeys correlationKeys) throws IOException {
        this.root = root;
        this.correlationKeys = correlationKeys;
        Files.createDirectories(root);
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path p : (Iterable<Path>) dirs::iterator) {
                String name = p.getFileName().toString();
                if (Files.isDirectory(p) && name.matches("\\d{8}")) {
                    if (writtenByFormat1(p)) {
                        Path aside = p.resolveSibling(name + ".format1");
                        Files.move(p, aside);
                        LOG.warning("span index " + p + " was written by format 1, whose ID fields Lucene cannot mix"
                                + " with format 2's; moved to " + aside + ": its spans stay readable by trace ID but"
                                + " are no longer searchable; delete the folder when done with it");
                        continue;
                    }
                    partitions.put(name, Partition.open(p));
                }
            }
        } catch (IOException | RuntimeException e) {
            closePartitions();
            throw e;
        }
        warmUp();
        refresher = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("sightline-span-refresh").daemon(true).unstarted(r));
        refresher.scheduleWithFixedDelay(this::refresh, refreshMillis, refreshMillis, TimeUnit.MILLISECONDS);
    }

    /** A day folder of format 1 (docs/format/span-index.md) holds the span ID as an inverted field. */
    private static boolean writtenByFormat1(Path dir) throws IOException {
        try (FSDirectory d = FSDirectory.open(dir)) {
            if (!DirectoryReader.indexExists(d)) {
                return false;
            }
            try (DirectoryReader r = DirectoryReader.open(d)) {
                return FieldInfos.getMergedFieldInfos(r).fieldInfo("span_id") != null;
            }
        }
    }

    /**
     * Indexes and searches one document in memory, so that Lucene's first use (class loading, codecs, the
     * vectorisation provider: a second or more on a busy machine) happens at start-up and not on the first span,
     * where it would delay read-after-write.
     */
    private static void warmUp() throws IOException {
        try (org.apache.lucene.store.ByteBuffersDirectory dir = new org.apache.lucene.store.ByteBuffersDirectory();
                IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
            w.addDocument(SpanDocuments.toDocument(io.opentelemetry.proto.resource.v1.Resource.getDefaultInstance(),
                    "warm-up", "", Span.newBuilder().setStartTimeUnixNano(1).setEndTimeUnixNano(2).build()));
            try (DirectoryReader r = DirectoryReader.open(w)) {
                new IndexSearcher(r).count(new org.apache.lucene.search.MatchAllDocsQuery());
            }
        }
    }

    /**
     * Opens (or creates) the index under {@code root}.
     *
     * @param refreshMillis how often searchers are reopened to see new spans
     */
    public static SpanIndex open(Path root, long refreshMillis, CorrelationKeys correlationKeys) throws IOException {
        return new SpanIndex(root, refreshMillis, correlationKeys);
    }

    @Override
    public boolean accepts(Signal signal) {
        return signal == Signal.TRACES;
    }

    @Override
    public void apply(long lsn, Signal signal, Message batch) throws IOException {
        ExportTraceServiceRequest request = (ExportTraceServiceRequest) batch;
        lock.readLock().lock();
        try {
            for (ResourceSpans rs : request.getResourceSpansList()) {
                String service = serviceName(rs.getResource().getAttributesList());
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span span : ss.getSpansList()) {
                        Partition p = partitionFor(span.getStartTimeUnixNano());
                        if (p == null || lsn <= p.committedLsn) {
                            continue; // past retention, or already in this partition's last commit (a replay)
                        }
                        p.writer.addDocument(SpanDocuments.toDocument(rs.getResource(), service,
                                ss.getScope().getName(), span));
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Spans carrying {@code value} in any configured correlation attribute, on the span or its resource. The
     * attributes are indexed anyway ({@code attributes.<key>}, {@code resource.<key>}), so correlation values cost
     * no field of their own.
     */
    public Query correlationQuery(String value) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        for (String key : correlationKeys.keys()) {
            b.add(new TermQuery(new Term(SpanFields.ATTRIBUTE_PREFIX + key, value)), BooleanClause.Occur.SHOULD);
            b.add(new TermQuery(new Term(SpanFields.RESOURCE_PREFIX + key, value)), BooleanClause.Occur.SHOULD);
        }
        return b.build();
    }

    /** The {@code service.name} resource attribute, or OpenTelemetry's default for a resource without one. */
    public static String serviceName(List<KeyValue> resourceAttributes) {
        for (KeyValue kv : resourceAttributes) {
            if (kv.getKey().equals("service.name") && kv.getValue().hasStringValue()) {
                return kv.getValue().getStringValue();
            }
        }
        return "unknown_service";
    }

    /** The partition of the day holding {@code startNanos}, created on demand; null when past retention. */
    private Partition partitionFor(long startNanos) throws IOException {
        String day = Days.of(startNanos);
        Partition p = partitions.get(day);
        if (p == null) {
            if (day.compareTo(oldestKept) < 0) {
                return null;
            }
            p = Partition.open(root.resolve(day));
            partitions.put(day, p);
        }
        return p;
    }

    @Override
    public void commit(long throughLsn) throws IOException {
        lock.readLock().lock();
        try {
            for (Partition p : partitions.values()) {
                if (p.writer.hasUncommittedChanges()) {
                    p.writer.setLiveCommitData(Map.of(LSN_KEY, Long.toString(throughLsn)).entrySet());
                    p.writer.commit();
                    p.committedLsn = throughLsn;
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Deletes every partition of a day before {@code oldestKept} (yyyyMMdd), and ignores spans of those days from
     * now on.
     *
     * @return the days dropped
     */
    public List<String> dropPartitionsBefore(String oldestKept) throws IOException {
        List<String> dropped = new ArrayList<>();
        lock.writeLock().lock();
        try {
            this.oldestKept = oldestKept;
            for (String day : new ArrayList<>(partitions.keySet())) {
                if (day.compareTo(oldestKept) < 0) {
                    Partition p = partitions.remove(day);
                    p.close();
                    deleteRecursively(p.dir);
                    dropped.add(day);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        if (!dropped.isEmpty()) {
            LOG.info(() -> "span retention dropped partitions " + dropped);
        }
        return dropped;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }

    /**
     * Runs {@code search} on a searcher of each partition whose day overlaps [{@code startNanos},
     * {@code endNanos}], newest day first, until it returns false. Partitions cannot be dropped meanwhile.
     */
    public void searchNewestFirst(long startNanos, long endNanos, PartitionSearch search) throws IOException {
        searchDays(null, startNanos, endNanos, search);
    }

    /** Like {@link #searchNewestFirst}, over the given days only (those that exist), newest first. */
    public void searchDays(java.util.Collection<String> onlyDays, long startNanos, long endNanos,
            PartitionSearch search) throws IOException {
        lock.readLock().lock();
        try {
            List<String> days = new ArrayList<>(partitions.keySet());
            java.util.Collections.reverse(days);
            for (String day : days) {
                if ((onlyDays != null && !onlyDays.contains(day)) || !Days.overlaps(day, startNanos, endNanos)) {
                    continue;
                }
                Partition p = partitions.get(day);
                IndexSearcher s = p.searchers.acquire();
                try {
                    if (!search.search(day, s)) {
                        return;
                    }
                } finally {
                    p.searchers.release(s);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A search over one day's partition. */
    @FunctionalInterface
    public interface PartitionSearch {
        /** @return whether to go on to the next (older) partition */
        boolean search(String day, IndexSearcher searcher) throws IOException;
    }

    private void refresh() {
        lock.readLock().lock();
        try {
            refreshAll();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void refreshAll() {
        for (Partition p : partitions.values()) {
            try {
                p.searchers.maybeRefresh();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "refreshing span partition " + p.dir + " failed", e);
            }
        }
    }

    /** Makes every span applied so far searchable now (tests; searches normally wait for the refresher). */
    public void refreshNow() throws IOException {
        lock.readLock().lock();
        try {
            for (Partition p : partitions.values()) {
                p.searchers.maybeRefreshBlocking();
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The day partitions on disk, oldest first, as {@code yyyyMMdd}. */
    public List<String> partitionNames() {
        return new ArrayList<>(partitions.keySet());
    }

    /** Number of spans matching {@code query} across all partitions. */
    public long count(Query query) throws IOException {
        long[] total = {0};
        searchNewestFirst(Long.MIN_VALUE, Long.MAX_VALUE, (day, s) -> {
            total[0] += s.count(query);
            return true;
        });
        return total[0];
    }

    /** Trace IDs (hex) of spans matching {@code query}, distinct, at most {@code limit}. */
    public Set<String> traceIds(Query query, int limit) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        searchNewestFirst(Long.MIN_VALUE, Long.MAX_VALUE, (day, s) -> {
            TopDocs top = s.search(query, limit);
            for (ScoreDoc sd : top.scoreDocs) {
                out.add(traceIdOf(s, sd.doc));
                if (out.size() >= limit) {
                    return false;
                }
            }
            return true;
        });
        return out;
    }

    private static String traceIdOf(IndexSearcher s, int doc) throws IOException {
        List<LeafReaderContext> leaves = s.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves));
        SortedDocValues dv = leaf.reader().getSortedDocValues(SpanFields.TRACE_ID);
        if (dv == null || !dv.advanceExact(doc - leaf.docBase)) {
            throw new IOException("span document " + doc + " has no trace ID");
        }
        BytesRef b = dv.lookupOrd(dv.ordValue());
        byte[] raw = new byte[b.length];
        System.arraycopy(b.bytes, b.offset, raw, 0, b.length);
        return HexIds.toHex(raw);
    }

    @Override
    public void close() {
        refresher.shutdown();
        try {
            // A refresh still running would race the writers being rolled back below.
            refresher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closePartitions();
    }

    private void closePartitions() {
        for (Partition p : partitions.values()) {
            try {
                p.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing span partition " + p.dir + " failed", e);
            }
        }
        partitions.clear();
    }

    private static final class Partition implements AutoCloseable {
        final Path dir;
        final FSDirectory directory;
        final IndexWriter writer;
        final SearcherManager searchers;
        volatile long committedLsn;

        private Partition(Path dir, FSDirectory directory, IndexWriter writer, SearcherManager searchers,
                long committedLsn) {
            this.dir = dir;
            this.directory = directory;
            this.writer = writer;
            this.searchers = searchers;
            this.committedLsn = committedLsn;
        }

        static Partition open(Path dir) throws IOException {
            Files.createDirectories(dir);
            FSDirectory directory = FSDirectory.open(dir);
            IndexWriter writer = null;
            try {
                IndexWriterConfig config = new IndexWriterConfig()
                        .setRAMBufferSizeMB(32)
                        .setCommitOnClose(false)
                        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
                writer = new IndexWriter(directory, config);
                long lsn = -1;
                if (DirectoryReader.indexExists(directory)) {
                    Map<String, String> data = DirectoryReader.listCommits(directory).getLast().getUserData();
                    lsn = Long.parseLong(data.getOrDefault(LSN_KEY, "-1"));
                }
                SearcherManager searchers = new SearcherManager(writer, null);
                return new Partition(dir, directory, writer, searchers, lsn);
            } catch (IOException | RuntimeException e) {
                if (writer != null) {
                    writer.rollback();
                }
                directory.close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                searchers.close();
                writer.rollback(); // what was not committed is replayed from the WAL
            } finally {
                directory.close();
            }
        }
    }

}
