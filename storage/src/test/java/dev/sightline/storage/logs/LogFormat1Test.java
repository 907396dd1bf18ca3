package dev.sightline.storage.logs;

import static dev.sightline.storage.logs.LogIndexTest.DAY1_NOON;
import static dev.sightline.storage.logs.LogIndexTest.DAY2_NOON;
import static dev.sightline.storage.logs.LogIndexTest.nanos;
import static dev.sightline.storage.logs.LogIndexTest.record;
import static dev.sightline.storage.logs.LogIndexTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day folder written by log index format 1 (a document per record, the record under a stored {@code _source}
 * field: docs/format/log-index.md) is moved aside to {@code <day>.format1} when the store opens; the day then
 * starts empty in format 2, and records of that day are indexed and found again.
 */
class LogFormat1Test {
    private static final long NO_AUTO_REFRESH = 3_600_000;
    private static final long ALL_START = nanos("2024-01-01T00:00:00Z");
    private static final long ALL_END = nanos("2025-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private LogIndex open() throws IOException {
        return LogIndex.open(dir, NO_AUTO_REFRESH, CorrelationKeys.DEFAULT);
    }

    /** A day folder as format 1 wrote it: one document per record, committed through WAL LSN {@code lsn}. */
    private void writeFormat1(String day, long lsn, ExportLogsServiceRequest batch) throws IOException {
        try (FSDirectory d = FSDirectory.open(dir.resolve(day));
                IndexWriter w = new IndexWriter(d, new IndexWriterConfig()
                        .setCodec(new Lucene103Codec(Lucene103Codec.Mode.BEST_COMPRESSION)))) {
            int ordinal = 0;
            for (ResourceLogs rl : batch.getResourceLogsList()) {
                for (ScopeLogs sl : rl.getScopeLogsList()) {
                    for (LogRecord r : sl.getLogRecordsList()) {
                        StoredLog log = new StoredLog(rl.getResource(), rl.getSchemaUrl(), sl.getScope(),
                                sl.getSchemaUrl(), r, StoredLog.effectiveTime(r));
                        Document doc = new Document();
                        doc.add(new StoredField("_source", log.encode()));
                        doc.add(new LongPoint("_time", log.timeUnixNano()));
                        doc.add(new NumericDocValuesField("_time", log.timeUnixNano()));
                        doc.add(new NumericDocValuesField("_lsn", lsn));
                        doc.add(new NumericDocValuesField("_ord", ordinal++));
                        doc.add(new TextField("body", r.getBody().getStringValue(), Field.Store.NO));
                        doc.add(new StringField("service", "checkout", Field.Store.NO));
                        w.addDocument(doc);
                    }
                }
            }
            w.setLiveCommitData(Map.of("sightline.wal_lsn", Long.toString(lsn)).entrySet());
            w.commit();
        }
    }

    private static List<String> bodies(LogSearcher s, String query) throws Exception {
        return s.search(new LogSearch(query, ALL_START, ALL_END, 100, false, null)).records().stream()
                .map(r -> r.record().getBody().getStringValue()).toList();
    }

    @Test
    void aFormat1DayIsMovedAsideAndTheDayStartsAgainEmpty() throws Exception {
        writeFormat1("20240301", 9, request("checkout", record(DAY1_NOON, "written by format one").build(),
                record(DAY1_NOON + 1, "also format one").build()));
        try (LogIndex index = open()) {
            assertThat(index.partitionNames()).isEmpty();
            assertThat(Files.exists(dir.resolve("20240301"))).isFalse();
            index.refreshNow();
            assertThat(bodies(index.searcher(LogLimits.DEFAULT), "")).isEmpty();
            index.apply(1, Signal.LOGS, request("payments", record(DAY2_NOON, "format two day").build()));
            index.commit(1);
        }
        try (LogIndex index = open()) {
            assertThat(Files.isDirectory(dir.resolve("20240301.format1"))).as("moved aside").isTrue();
            assertThat(index.partitionNames()).as("a format 2 day stays").containsExactly("20240302");
            try (FSDirectory d = FSDirectory.open(dir.resolve("20240301.format1"));
                    DirectoryReader r = DirectoryReader.open(d)) {
                assertThat(r.numDocs()).as("the old records are kept as they were").isEqualTo(2);
                assertThat(r.getIndexCommit().getUserData()).containsEntry("sightline.wal_lsn", "9");
            }
            index.refreshNow();
            LogSearcher s = index.searcher(LogLimits.DEFAULT);
            assertThat(bodies(s, "")).containsExactly("format two day");
            assertThat(bodies(s, "format")).containsExactly("format two day");

            // The WAL replays records of that day at or below the old commit's LSN: the old partition is gone, so
            // they are indexed anew.
            index.apply(5, Signal.LOGS, request("checkout", record(DAY1_NOON, "replayed into format two").build()));
            index.apply(10, Signal.LOGS, request("checkout", record(DAY1_NOON + 2, "new for that day").build()));
            index.refreshNow();
            assertThat(index.partitionNames()).containsExactly("20240301", "20240302");
            assertThat(bodies(s, "")).containsExactly("replayed into format two", "new for that day", "format two day");
            assertThat(bodies(s, "service:checkout AND day")).containsExactly("new for that day");
            index.commit(10);
        }
        try (LogIndex index = open()) {
            assertThat(index.partitionNames()).as("the new folder of the day is format 2: it stays")
                    .containsExactly("20240301", "20240302");
            assertThat(Files.isDirectory(dir.resolve("20240301.format1"))).isTrue();
            index.refreshNow();
            assertThat(bodies(index.searcher(LogLimits.DEFAULT), "")).containsExactly("replayed into format two",
                    "new for that day", "format two day");
        }
    }
}
