package dev.sightline.storage.logs;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Days;
import dev.sightline.storage.model.ServiceName;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.partition.DayPartitions;
import dev.sightline.storage.partition.PartitionOptions;
import dev.sightline.storage.partition.PartitionSearch;
import dev.sightline.storage.partition.PartitionedIndex;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;

/**
 * The log store: one Lucene index per UTC day of the record's time ({@code logs/yyyyMMdd/}), kept by
 * {@link DayPartitions}, each document holding the whole record (compressed stored field) and its search fields.
 * This class owns what is particular to logs: the documents ({@link LogDocuments}) and the writer settings
 * (best compression). Searches are in {@link LogSearcher}, reached through {@link #searcher}.
 *
 * <p>Replay never adds a record twice: each partition's commit records the last WAL LSN it holds, and records
 * at or before it are skipped for that partition. Retention is the storage's: {@link #dropBefore} deletes whole
 * days, and records of those days are skipped from then on.
 *
 * <p>Thread-safety: {@link #apply} and {@link #commit} from the write path's indexer thread; searches from
 * any thread (they hold the read side of a lock that dropping a partition takes for writing).
 */
public final class LogIndex extends PartitionedIndex {
    private final CorrelationKeys correlation;

    private LogIndex(DayPartitions partitions, CorrelationKeys correlation) {
        super(partitions);
        this.correlation = correlation;
    }

    /**
     * Opens (or creates) the log store under {@code root}.
     *
     * @param refreshMillis how often searchers reopen to see new records
     */
    public static LogIndex open(Path root, long refreshMillis, CorrelationKeys correlation) throws IOException {
        PartitionOptions options = PartitionOptions.of("log", refreshMillis, () -> new IndexWriterConfig()
                        .setCodec(new Lucene103Codec(Lucene103Codec.Mode.BEST_COMPRESSION))
                        .setRAMBufferSizeMB(32))
                .withWarmUp(LogWarmUp::run);
        return new LogIndex(DayPartitions.open(root, options), correlation);
    }

    @Override
    public boolean accepts(Signal signal) {
        return signal == Signal.LOGS;
    }

    /** Indexes every record in the day of its time; records of dropped days, or already committed, are skipped. */
    @Override
    public void apply(long lsn, Signal signal, Object batch) throws IOException {
        ExportLogsServiceRequest request = (ExportLogsServiceRequest) batch;
        partitions.apply(lsn, sink -> forEachRecord(request, (log, service, ordinal) -> {
            String day = Days.of(log.timeUnixNano());
            if (!sink.skips(day)) {
                sink.add(day, LogDocuments.toDocument(log, service, lsn, ordinal, correlation));
            }
        }));
    }

    /**
     * The documents {@link #apply} adds for a batch, in order (a pure function, for the benchmarks that compare
     * the index with Lucene alone on the same documents).
     */
    public static List<Document> documents(ExportLogsServiceRequest request, long lsn, CorrelationKeys correlation) {
        List<Document> out = new ArrayList<>();
        try {
            forEachRecord(request, (log, service, ordinal) ->
                    out.add(LogDocuments.toDocument(log, service, lsn, ordinal, correlation)));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the visitor above does no I/O
        }
        return out;
    }

    /** A record of a batch, with its resource's service and its ordinal in the batch (part of its sort key). */
    @FunctionalInterface
    private interface RecordVisitor {
        void visit(StoredLog log, String service, int ordinal) throws IOException;
    }

    private static void forEachRecord(ExportLogsServiceRequest request, RecordVisitor visitor) throws IOException {
        int ordinal = 0;
        for (ResourceLogs rl : request.getResourceLogsList()) {
            String service = ServiceName.of(rl.getResource().getAttributesList());
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                for (LogRecord r : sl.getLogRecordsList()) {
                    visitor.visit(new StoredLog(rl.getResource(), rl.getSchemaUrl(), sl.getScope(), sl.getSchemaUrl(),
                            r, StoredLog.effectiveTime(r)), service, ordinal++);
                }
            }
        }
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
