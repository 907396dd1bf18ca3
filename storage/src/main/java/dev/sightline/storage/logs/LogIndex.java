package dev.sightline.storage.logs;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Days;
import dev.sightline.storage.model.ServiceName;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.partition.DayPartitions;
import dev.sightline.storage.partition.DaySink;
import dev.sightline.storage.partition.PartitionOptions;
import dev.sightline.storage.partition.PartitionSearch;
import dev.sightline.storage.partition.PartitionedIndex;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;

/**
 * The log store: one Lucene index per UTC day of the record's time ({@code logs/yyyyMMdd/}), kept by
 * {@link DayPartitions}. A document is a block: one resource's records of one WAL record and day (at most
 * {@link #MAX_BLOCK_RECORDS}), stored compressed, with the union of their search values indexed once each
 * ({@link LogBlockDocuments}); searches check the candidate blocks' records on read ({@link BlockMatcher}). This
 * class owns what is particular to logs: the blocks and the writer settings (the payload is compressed by the block, so Lucene only packs it). Searches are in
 * {@link LogSearcher}, reached through {@link #searcher}.
 *
 * <p>Replay never adds a record twice: each partition's commit records the last WAL LSN it holds, and records
 * at or before it are skipped for that partition. Retention is the storage's: {@link #dropBefore} deletes whole
 * days, and records of those days are skipped from then on.
 *
 * <p>Thread-safety: {@link #apply} and {@link #commit} from the write path's indexer thread; searches from
 * any thread (they hold the read side of a lock that dropping a partition takes for writing).
 */
public final class LogIndex extends PartitionedIndex {
    /** Most records one block holds: bounds what a query decodes to check one block. */
    static final int MAX_BLOCK_RECORDS = 1024;
    /** Records (protobuf bytes) past which a block takes no more: a huge record ends up in a block of its own. */
    static final int MAX_BLOCK_BYTES = 8 << 20;
    private static final Logger LOG = Logger.getLogger(LogIndex.class.getName());

    private final CorrelationKeys correlation;
    private final Analyzer analyzer = new StandardAnalyzer();
    /** Threads that build and add a batch's blocks beside the indexer thread; null on a one-core machine. */
    private final ExecutorService builders;

    private LogIndex(DayPartitions partitions, CorrelationKeys correlation) {
        super(partitions);
        this.correlation = correlation;
        int extra = Math.min(3, Runtime.getRuntime().availableProcessors() - 1);
        this.builders = extra < 1 ? null : Executors.newFixedThreadPool(extra,
                Thread.ofPlatform().name("sightline-log-blocks-", 0).daemon(true).factory());
    }

    /**
     * Opens (or creates) the log store under {@code root}.
     *
     * @param refreshMillis how often searchers reopen to see new records
     */
    public static LogIndex open(Path root, long refreshMillis, CorrelationKeys correlation) throws IOException {
        PartitionOptions options = PartitionOptions.of("log", refreshMillis, () -> new IndexWriterConfig()
                        .setCodec(new LogCodec())
                        .setRAMBufferSizeMB(32)
                        .setMergePolicy(mergePolicy()))
                .withFolders(LogIndex::admit)
                .withWarmUp(LogWarmUp::run);
        return new LogIndex(DayPartitions.open(root, options), correlation);
    }

    /** Opens every day folder except one of format 1 (a document per record), which is moved aside. */
    private static boolean admit(Path dir) throws IOException {
        if (!writtenByFormat1(dir)) {
            return true;
        }
        Path aside = dir.resolveSibling(dir.getFileName() + ".format1");
        for (int n = 2; Files.exists(aside); n++) { // a day moved aside before (a restored copy, say)
            aside = dir.resolveSibling(dir.getFileName() + ".format1." + n);
        }
        Files.move(dir, aside);
        LOG.warning("log index " + dir + " was written by log index format 1 (a document per record); this version"
                + " reads format 2 (blocks of records) only, so it was moved to " + aside + ". Its records are no"
                + " longer searchable here: to read them, open that folder (renamed back to its day) with a Sightline"
                + " release from before format 2; delete it when done with it");
        return false;
    }

    /**
     * Merges of three times Lucene's default width ({@code segmentsPerTier} 30): most of a merge's work is rewriting
     * the blocks' terms, and wider tiers rewrite each term fewer times. A partition holds a document per block, so
     * the extra segments cost a search little (measured in benchmarks/RESULTS.md, issue 16's third session).
     */
    private static TieredMergePolicy mergePolicy() {
        TieredMergePolicy policy = new TieredMergePolicy();
        policy.setSegmentsPerTier(30);
        return policy;
    }

    private static boolean writtenByFormat1(Path dir) throws IOException {
        try (FSDirectory d = FSDirectory.open(dir)) {
            if (!DirectoryReader.indexExists(d)) {
                return false;
            }
            try (DirectoryReader r = DirectoryReader.open(d)) {
                return FieldInfos.getMergedFieldInfos(r).fieldInfo(LogFields.FORMAT1_SOURCE) != null;
            }
        }
    }

    @Override
    public boolean accepts(Signal signal) {
        return signal == Signal.LOGS;
    }

    /** Indexes every record in the day of its time; records of dropped days, or already committed, are skipped. */
    @Override
    public void apply(long lsn, Signal signal, Object batch) throws IOException {
        apply(lsn, signal, batch, null);
    }

    /** As {@link #apply(long, Signal, Object)}; blocks copy the records' bytes from {@code payload} where it has them. */
    @Override
    public void apply(long lsn, Signal signal, Object batch, byte[] payload) throws IOException {
        ExportLogsServiceRequest request = (ExportLogsServiceRequest) batch;
        LogRecordSlices raw = payload == null ? null : LogRecordSlices.of(payload, recordCount(request));
        partitions.apply(lsn, sink -> {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (Map.Entry<String, List<LogBlock.Builder>> day : blocks(request, lsn, raw, sink::skips).entrySet()) {
                DaySink.Adder adder = sink.adder(day.getKey());
                for (LogBlock.Builder block : day.getValue()) {
                    tasks.add(() -> {
                        for (Document doc : documents(block, correlation, analyzer)) {
                            adder.add(doc);
                        }
                        return null;
                    });
                }
            }
            runAll(tasks);
        });
    }

    /**
     * Runs the block tasks of one batch, on the builders and this thread together, and waits for all: building and
     * adding a block is independent of the others, and one thread would leave the other cores idle.
     */
    private void runAll(List<Callable<Void>> tasks) throws IOException {
        if (tasks.size() <= 1 || builders == null) {
            for (Callable<Void> t : tasks) {
                call(t);
            }
            return;
        }
        List<Future<Void>> forked = new ArrayList<>(tasks.size() - 1);
        for (int i = 1; i < tasks.size(); i++) {
            forked.add(builders.submit(tasks.get(i)));
        }
        IOException failure = null;
        try {
            call(tasks.get(0));
        } catch (IOException e) {
            failure = e;
        }
        for (Future<Void> f : forked) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while indexing log blocks", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void call(Callable<Void> task) throws IOException {
        try {
            task.call();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        try {
            super.close();
        } finally {
            if (builders != null) {
                builders.shutdownNow();
            }
        }
    }

    /**
     * The block documents {@link #apply} adds for a batch, in order (a pure function, for the benchmarks that
     * compare the index with Lucene alone on the same documents).
     */
    public static List<Document> documents(ExportLogsServiceRequest request, long lsn, CorrelationKeys correlation) {
        return documents(request, null, lsn, correlation);
    }

    /** As {@link #documents(ExportLogsServiceRequest, long, CorrelationKeys)}, from the bytes it was parsed from. */
    public static List<Document> documents(ExportLogsServiceRequest request, byte[] payload, long lsn,
            CorrelationKeys correlation) {
        List<Document> out = new ArrayList<>();
        Analyzer analyzer = new StandardAnalyzer();
        LogRecordSlices raw = payload == null ? null : LogRecordSlices.of(payload, recordCount(request));
        blocks(request, lsn, raw, day -> false).values()
                .forEach(list -> list.forEach(b -> out.addAll(documents(b, correlation, analyzer))));
        return out;
    }

    /** The documents of one block as {@link #blocks} grouped it: one, or several where it is cut by bytes. */
    private static List<Document> documents(LogBlock.Builder block, CorrelationKeys correlation, Analyzer analyzer) {
        List<LogBlock.Builder> parts = block.bySize(MAX_BLOCK_BYTES);
        List<Document> out = new ArrayList<>(parts.size());
        for (LogBlock.Builder part : parts) {
            out.add(LogBlockDocuments.toDocument(part, correlation, analyzer));
        }
        return out;
    }

    /** One document per record, as format 1 indexed them (for the benchmarks' comparison with that layout). */
    public static List<Document> recordDocuments(ExportLogsServiceRequest request, CorrelationKeys correlation) {
        List<Document> out = new ArrayList<>();
        for (ResourceLogs rl : request.getResourceLogsList()) {
            String service = ServiceName.of(rl.getResource().getAttributesList());
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                for (LogRecord r : sl.getLogRecordsList()) {
                    out.add(LogDocuments.toDocument(new StoredLog(rl.getResource(), rl.getSchemaUrl(), sl.getScope(),
                            sl.getSchemaUrl(), r, StoredLog.effectiveTime(r)), service, correlation));
                }
            }
        }
        return out;
    }

    /**
     * A batch's records in blocks: by day of their time and by resource (equal resources of a batch share
     * blocks), at most {@link #MAX_BLOCK_RECORDS} a block (cut by {@link #MAX_BLOCK_BYTES} later, see
     * {@link LogBlock.Builder#bySize}); each record keeps its ordinal in the batch, part of its
     * sort key. Days for which {@code skips} is true are left out.
     */
    private static Map<String, List<LogBlock.Builder>> blocks(ExportLogsServiceRequest request, long lsn,
            LogRecordSlices raw, Predicate<String> skips) {
        Map<String, List<LogBlock.Builder>> byDay = new LinkedHashMap<>();
        Map<BlockKey, LogBlock.Builder> open = new HashMap<>();
        int ordinal = 0;
        for (ResourceLogs rl : request.getResourceLogsList()) {
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                for (LogRecord r : sl.getLogRecordsList()) {
                    StoredLog log = new StoredLog(rl.getResource(), rl.getSchemaUrl(), sl.getScope(),
                            sl.getSchemaUrl(), r, StoredLog.effectiveTime(r));
                    String day = Days.of(log.timeUnixNano());
                    int o = ordinal++;
                    if (skips.test(day)) {
                        continue;
                    }
                    BlockKey key = new BlockKey(day, rl.getResource(), rl.getSchemaUrl());
                    LogBlock.Builder b = open.get(key);
                    if (b == null || b.size() == MAX_BLOCK_RECORDS) {
                        b = new LogBlock.Builder(lsn, rl.getResource(), rl.getSchemaUrl(), raw);
                        open.put(key, b);
                        byDay.computeIfAbsent(day, d -> new ArrayList<>()).add(b);
                    }
                    b.add(log, o);
                }
            }
        }
        return byDay;
    }

    private static int recordCount(ExportLogsServiceRequest request) {
        int n = 0;
        for (ResourceLogs rl : request.getResourceLogsList()) {
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                n += sl.getLogRecordsCount();
            }
        }
        return n;
    }

    private record BlockKey(String day, Resource resource, String schemaUrl) {
    }

    /** The analyser of the body, as queries and the check on read use it. */
    Analyzer analyzer() {
        return analyzer;
    }

    /** The query block documents must match to hold a record matching {@code user} ({@link BlockMatcher#widen}). */
    Query widen(Query user) {
        return BlockMatcher.widen(user, correlation);
    }

    /** A view of {@code block} for checking its records against a query. */
    BlockView view(LogBlock block) {
        return new BlockView(block, correlation, analyzer);
    }

    /** A view of the block's records with times in [{@code start}, {@code endExclusive}) only. */
    BlockView view(LogBlock block, long start, long endExclusive) {
        int from = block.firstAtOrAfter(start);
        int to = endExclusive == Long.MIN_VALUE ? 0 : block.firstAtOrAfter(endExclusive);
        return new BlockView(block, correlation, analyzer, from, Math.max(from, to));
    }

    /** Searches over this store's partitions. */
    public LogSearcher searcher(LogLimits limits) {
        return new LogSearcher(this, limits);
    }

    /**
     * Runs {@code search} over the partitions whose day overlaps [{@code start}, {@code endExclusive}), oldest or
     * newest first, with none dropped meanwhile. A query Lucene finds too large is a {@link LogQueryException}.
     */
    void search(long start, long endExclusive, boolean descending, PartitionSearch<LogQueryException> search)
            throws IOException, LogQueryException {
        try {
            partitions.search(day -> Days.overlaps(day, start, endExclusive - 1), descending, search);
        } catch (IndexSearcher.TooManyClauses e) {
            throw new LogQueryException("query is too expensive: " + e.getMessage());
        }
    }
}
