package dev.sightline.storage.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Days;
import dev.sightline.storage.model.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogIndexTest {
    private static final long NO_AUTO_REFRESH = 3_600_000;
    static final long DAY1_NOON = nanos("2024-03-01T12:00:00Z");
    static final long DAY2_NOON = nanos("2024-03-02T12:00:00Z");
    private static final long ALL_START = nanos("2024-01-01T00:00:00Z");
    private static final long ALL_END = nanos("2025-01-01T00:00:00Z");
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @TempDir
    Path dir;

    static long nanos(String instant) {
        return Instant.parse(instant).getEpochSecond() * 1_000_000_000L;
    }

    static KeyValue attr(String key, AnyValue v) {
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }

    static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    static AnyValue num(long n) {
        return AnyValue.newBuilder().setIntValue(n).build();
    }

    static ExportLogsServiceRequest request(String service, LogRecord... records) {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("service.name", str(service)))
                        .addAttributes(attr("host.name", str("web-1"))))
                .addScopeLogs(ScopeLogs.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("com.example.db").setVersion("2.1"))
                        .addAllLogRecords(List.of(records))))
                .build();
    }

    static LogRecord.Builder record(long time, String body) {
        return LogRecord.newBuilder().setTimeUnixNano(time).setObservedTimeUnixNano(time + 5)
                .setBody(str(body));
    }

    private LogIndex open() throws IOException {
        return LogIndex.open(dir, NO_AUTO_REFRESH, CorrelationKeys.DEFAULT);
    }

    private static List<String> bodies(LogPage page) {
        return page.records().stream().map(r -> r.record().getBody().getStringValue()).toList();
    }

    private static long count(LogSearcher s, String query) throws Exception {
        return s.search(new LogSearch(query, ALL_START, ALL_END, 10_000, false, null)).records().size();
    }

    private void fill(LogIndex index) throws IOException {
        index.apply(1, Signal.LOGS, request("checkout",
                record(DAY1_NOON, "connection refused by upstream").setSeverityText("ERROR").setSeverityNumberValue(17)
                        .setTraceId(ByteString.fromHex(TRACE)).setSpanId(ByteString.fromHex("00f067aa0ba902b7"))
                        .addAttributes(attr("http.status_code", num(503)))
                        .addAttributes(attr("request.id", str("req-42"))).build(),
                record(DAY1_NOON + 1, "timeout talking to payments").setSeverityText("Warn").setSeverityNumberValue(13)
                        .addAttributes(attr("http.status_code", num(200)))
                        .addAttributes(attr("traceId", str(TRACE.toUpperCase()))).build()));
        LogRecord structured = LogRecord.newBuilder().setObservedTimeUnixNano(DAY2_NOON)
                .setBody(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(attr("msg", str("cache warmed")))
                        .addValues(attr("items", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                                .addValues(str("orders")).addValues(num(7))).build()))))
                .setSeverityText("INFO").setSeverityNumberValue(9)
                .addAttributes(attr("duration_ms", AnyValue.newBuilder().setDoubleValue(12.0).build()))
                .build();
        index.apply(2, Signal.LOGS, request("payments", structured));
        index.refreshNow();
    }

    @Test
    void recordsIndexedFromTheReceivedBytesComeBackAsReceivedWithFieldsThisVersionDoesNotKnow() throws Exception {
        com.google.protobuf.UnknownFieldSet future = com.google.protobuf.UnknownFieldSet.newBuilder()
                .addField(40, com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(3).build()).build();
        ExportLogsServiceRequest request = request("checkout",
                record(DAY1_NOON + 2, "third").setUnknownFields(future).build(),
                record(DAY1_NOON, "first").addAttributes(attr("request.id", str("req-7"))).build(),
                record(DAY2_NOON, "next day").build());
        try (LogIndex index = open()) {
            index.apply(1, Signal.LOGS, request, request.toByteArray());
            index.refreshNow();
            LogSearcher s = index.searcher(LogLimits.DEFAULT);
            LogPage page = s.search(new LogSearch("", ALL_START, ALL_END, 10, false, null));
            assertThat(bodies(page)).containsExactly("first", "third", "next day");
            assertThat(page.records().get(1).record()).isEqualTo(request.getResourceLogs(0).getScopeLogs(0).getLogRecords(0));
            assertThat(page.records().get(1).record().getUnknownFields()).isEqualTo(future);
            assertThat(count(s, "attributes.request.id:req-7")).isEqualTo(1);
        }
    }

    @Test
    void findsRecordsByEveryField() throws Exception {
        try (LogIndex index = open()) {
            fill(index);
            LogSearcher s = index.searcher(LogLimits.DEFAULT);
            assertThat(index.partitionNames()).containsExactly("20240301", "20240302");
            assertThat(count(s, "")).isEqualTo(3);
            assertThat(count(s, "refused")).isEqualTo(1);
            assertThat(count(s, "\"connection refused\"")).isEqualTo(1);
            assertThat(count(s, "\"refused connection\"")).isZero();
            assertThat(count(s, "timeout AND service:checkout")).isEqualTo(1);
            assertThat(count(s, "timeout AND service:payments")).isZero();
            assertThat(count(s, "severity:ERROR")).isEqualTo(1);
            assertThat(count(s, "severity:error")).isEqualTo(1);
            assertThat(count(s, "severity:warn")).isEqualTo(1);
            assertThat(count(s, "severity_number:[13 TO 20]")).isEqualTo(2);
            assertThat(count(s, "severity_number:17")).isEqualTo(1);
            assertThat(count(s, "attributes.http.status_code:[500 TO 599]")).isEqualTo(1);
            assertThat(count(s, "attributes.http.status_code:{200 TO *]")).isEqualTo(1);
            assertThat(count(s, "attributes.http.status_code:503")).isEqualTo(1);
            assertThat(count(s, "attributes.http.status_code:>200")).isEqualTo(1);
            assertThat(count(s, "attributes.http.status_code:>=200")).isEqualTo(2);
            assertThat(count(s, "attributes.http.status_code:<503")).isEqualTo(1);
            assertThat(count(s, "severity_number:>=13")).isEqualTo(2);
            assertThat(count(s, "attributes.duration_ms:12")).isEqualTo(1);
            assertThat(count(s, "attributes.duration_ms:[10 TO 20]")).isEqualTo(1);
            assertThat(count(s, "resource.host.name:web-1")).isEqualTo(3);
            assertThat(count(s, "trace_id:" + TRACE)).as("field, or attribute when the field is empty").isEqualTo(2);
            assertThat(count(s, "span_id:00F067AA0BA902B7")).isEqualTo(1);
            assertThat(count(s, "scope:com.example.db")).isEqualTo(3);
            assertThat(count(s, "correlation:req-42")).isEqualTo(1);
            assertThat(count(s, "warmed AND orders AND 7")).as("leaves of a structured body").isEqualTo(1);
            assertThat(count(s, "time*")).isEqualTo(1);
            assertThat(count(s, "service:check*")).isEqualTo(2);
            assertThat(count(s, "refused OR warmed")).isEqualTo(2);
            assertThat(count(s, "-service:checkout")).isEqualTo(1);
            assertThat(count(s, "*:*")).isEqualTo(3);
        }
    }

    @Test
    void allZeroIdsLinkToNothing() throws Exception {
        try (LogIndex index = open()) {
            index.apply(1, Signal.LOGS, request("svc",
                    record(DAY1_NOON, "zeros").setTraceId(ByteString.copyFrom(new byte[16])).build(),
                    record(DAY1_NOON, "zeroattr").addAttributes(attr("trace_id", str("0".repeat(32)))).build()));
            index.refreshNow();
            LogSearcher s = index.searcher(LogLimits.DEFAULT);
            assertThat(count(s, "zeros OR zeroattr")).isEqualTo(2);
            assertThat(count(s, "trace_id:" + "0".repeat(32))).isZero();
            assertThat(count(s, "trace_id:0*")).isZero();
        }
    }

    @Test
    void keepsEverythingTheClientSent() throws Exception {
        try (LogIndex index = open()) {
            fill(index);
            ExportLogsServiceRequest sent = request("x", record(DAY1_NOON, "y").build());
            StoredLog first = index.searcher(LogLimits.DEFAULT)
                    .search(new LogSearch("refused", ALL_START, ALL_END, 10, false, null)).records().getFirst();
            assertThat(first.resource()).isEqualTo(request("checkout").getResourceLogs(0).getResource());
            assertThat(first.scope()).isEqualTo(sent.getResourceLogs(0).getScopeLogs(0).getScope());
            assertThat(first.record().getSeverityNumberValue()).isEqualTo(17);
            assertThat(first.record().getAttributesCount()).isEqualTo(2);
            assertThat(first.record().getObservedTimeUnixNano()).isEqualTo(DAY1_NOON + 5);
            StoredLog structured = index.searcher(LogLimits.DEFAULT)
                    .search(new LogSearch("warmed", ALL_START, ALL_END, 10, false, null)).records().getFirst();
            assertThat(structured.record().getBody().getKvlistValue().getValuesCount()).isEqualTo(2);
            assertThat(structured.timeUnixNano()).as("observed time stands in for a missing time").isEqualTo(DAY2_NOON);
        }
    }

    @Test
    void pagesThroughEqualTimestampsWithoutRepeatsOrGaps() throws Exception {
        try (LogIndex index = open()) {
            for (int batch = 0; batch < 5; batch++) {
                List<LogRecord> records = new ArrayList<>();
                for (int i = 0; i < 7; i++) {
                    records.add(record(DAY1_NOON + (i % 2), "b" + batch + "r" + i).build());
                }
                index.apply(10 + batch, Signal.LOGS, request("svc", records.toArray(LogRecord[]::new)));
            }
            index.refreshNow();
            LogSearcher s = index.searcher(LogLimits.DEFAULT);
            for (boolean desc : new boolean[] {false, true}) {
                List<String> seen = new ArrayList<>();
                LogCursor cursor = null;
                do {
                    LogPage page = s.search(new LogSearch("", ALL_START, ALL_END, 4, desc, cursor));
                    seen.addAll(bodies(page));
                    cursor = page.next() == null ? null : LogCursor.decode(page.next().encode());
                } while (cursor != null);
                assertThat(seen).hasSize(35).doesNotHaveDuplicates();
                List<String> all = bodies(s.search(new LogSearch("", ALL_START, ALL_END, 100, desc, null)));
                assertThat(seen).isEqualTo(all);
            }
        }
    }

    @Test
    void replayAfterCommitAddsNothingTwice() throws Exception {
        try (LogIndex index = open()) {
            fill(index);
            index.commit(2);
        }
        try (LogIndex index = open()) {
            fill(index); // the WAL replays records 1 and 2 again
            index.apply(3, Signal.LOGS, request("late", record(DAY1_NOON, "late arrival").build()));
            index.refreshNow();
            assertThat(count(index.searcher(LogLimits.DEFAULT), "")).isEqualTo(4);
        }
    }

    /**
     * A day folder exactly as the log store wrote it before the partition store existed: a plain Lucene index
     * (best compression) whose commit data holds the WAL LSN under {@code sightline.wal_lsn}. It opens, is
     * searched, and replay skips what its commit holds.
     */
    @Test
    void aDayFolderWrittenBeforeThePartitionStoreOpensAndReplaySkipsItsCommittedLsn() throws Exception {
        ExportLogsServiceRequest batch = request("checkout", record(DAY1_NOON, "written by the old store").build());
        try (FSDirectory d = FSDirectory.open(dir.resolve("20240301"));
                IndexWriter w = new IndexWriter(d, new IndexWriterConfig()
                        .setCodec(new Lucene103Codec(Lucene103Codec.Mode.BEST_COMPRESSION))
                        .setRAMBufferSizeMB(32).setCommitOnClose(false)
                        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND))) {
            w.addDocuments(LogIndex.documents(batch, 9, CorrelationKeys.DEFAULT));
            w.setLiveCommitData(java.util.Map.of("sightline.wal_lsn", "9").entrySet());
            w.commit();
        }
        try (LogIndex index = open()) {
            assertThat(index.partitionNames()).containsExactly("20240301");
            index.refreshNow();
            LogSearcher s = index.searcher(LogLimits.DEFAULT);
            assertThat(bodies(s.search(new LogSearch("old", ALL_START, ALL_END, 10, false, null))))
                    .containsExactly("written by the old store");
            index.apply(8, Signal.LOGS, batch);
            index.apply(9, Signal.LOGS, batch);
            index.refreshNow();
            assertThat(count(s, "")).as("records at or before the old commit").isEqualTo(1);
            index.apply(10, Signal.LOGS, batch);
            index.refreshNow();
            assertThat(count(s, "")).as("a later record").isEqualTo(2);
        }
    }

    @Test
    void retentionDropsWholeExpiredDaysOnly() throws Exception {
        Duration retention = Duration.ofDays(1);
        try (LogIndex index = open()) {
            fill(index);
            index.commit(2);
            assertThat(index.dropBefore(Days.oldestKept(Instant.ofEpochSecond(0, DAY2_NOON), retention))).isEmpty();
            assertThat(index.partitionNames()).containsExactly("20240301", "20240302");
            // day 1 ended 1 day + 1 s ago
            assertThat(index.dropBefore(Days.oldestKept(Instant.parse("2024-03-03T00:00:01Z"), retention)))
                    .containsExactly("20240301");
            assertThat(index.partitionNames()).containsExactly("20240302");
            assertThat(Files.exists(dir.resolve("20240301"))).isFalse();
            LogSearcher s = index.searcher(LogLimits.DEFAULT);
            assertThat(count(s, "")).isEqualTo(1);
            assertThat(count(s, "warmed")).isEqualTo(1);

            index.apply(3, Signal.LOGS, request("late", record(DAY1_NOON, "late for a dropped day").build()));
            index.refreshNow();
            assertThat(index.partitionNames()).as("a record of a dropped day is ignored").containsExactly("20240302");
            assertThat(count(s, "")).isEqualTo(1);
        }
    }

    @Test
    void histogramFieldsAndTopValues() throws Exception {
        try (LogIndex index = open()) {
            fill(index);
            LogSearcher s = index.searcher(LogLimits.DEFAULT);
            long day = 86_400_000_000_000L;
            long[] h = s.histogram("", nanos("2024-03-01T00:00:00Z"), nanos("2024-03-03T00:00:00Z"), day);
            assertThat(h).containsExactly(2, 1);
            assertThat(s.histogram("severity:error", nanos("2024-03-01T00:00:00Z"), nanos("2024-03-03T00:00:00Z"),
                    day)).containsExactly(1, 0);
            assertThat(s.fields(ALL_START, ALL_END)).contains("body", "service", "severity", "severity_number",
                    "trace_id", "attributes.http.status_code", "resource.host.name", "scope")
                    .noneMatch(f -> f.startsWith("_") || f.endsWith("#num"));
            assertThat(s.topValues("service", "", ALL_START, ALL_END, 10)).containsExactly(
                    new ValueCount("checkout", 2), new ValueCount("payments", 1));
            assertThat(s.topValues("severity", "service:checkout", ALL_START, ALL_END, 1)).hasSize(1);
            assertThatThrownBy(() -> s.topValues("body", "", ALL_START, ALL_END, 10))
                    .isInstanceOf(LogQueryException.class).hasMessageContaining("body");
        }
    }

    @Test
    void refusesQueriesThatDoNotParseOrCostTooMuch() throws Exception {
        try (LogIndex index = open()) {
            fill(index);
            LogSearcher s = index.searcher(new LogLimits(3, Duration.ofSeconds(10), Duration.ofHours(1)));
            assertThatThrownBy(() -> count(s, "timeout AND (service:checkout"))
                    .isInstanceOf(LogQueryException.class)
                    .hasMessageStartingWith("query does not parse")
                    .hasMessageContaining("the query ended unexpectedly after character 29");
            assertThatThrownBy(() -> count(s, "a OR b OR c OR d"))
                    .isInstanceOf(LogQueryException.class).hasMessageContaining("4 clauses");
            assertThatThrownBy(() -> count(s, "*fused"))
                    .isInstanceOf(LogQueryException.class).hasMessageContaining("wildcard");
            assertThat(s.search(new LogSearch("*fused", DAY1_NOON, DAY1_NOON + 10, 10, false, null)).records())
                    .as("a leading wildcard on a narrow window is fine").hasSize(1);
            assertThatThrownBy(() -> count(s, "severity_number:high"))
                    .isInstanceOf(LogQueryException.class).hasMessageContaining("severity_number must be an integer");
            LogSearcher lenient = index.searcher(new LogLimits(5000, Duration.ofSeconds(10), Duration.ofDays(1)));
            String a = String.join(" OR ", java.util.stream.IntStream.range(0, 600).mapToObj(i -> "a" + i).toList());
            String b = String.join(" OR ", java.util.stream.IntStream.range(0, 600).mapToObj(i -> "b" + i).toList());
            assertThatThrownBy(() -> count(lenient, "(" + a + ") OR (" + b + ")"))
                    .as("past Lucene's own clause limit").isInstanceOf(LogQueryException.class)
                    .hasMessageStartingWith("query is too expensive");
            assertThatThrownBy(() -> LogCursor.decode("nonsense"))
                    .isInstanceOf(LogQueryException.class).hasMessageContaining("malformed cursor");
        }
    }

    @Test
    void aQueryPastItsTimeBudgetStopsWithAnError() throws Exception {
        try (LogIndex index = open()) {
            fill(index);
            index.commit(2);
            LogSearcher.Deadline deadline = new LogSearcher.Deadline(Duration.ofMillis(1));
            long until = System.nanoTime() + 5_000_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait(); // let the budget run out
            }
            assertThatThrownBy(() -> deadline.searcher(null))
                    .isInstanceOf(LogQueryException.class).hasMessageContaining("time budget of 1 ms");
            org.apache.lucene.store.FSDirectory directory = org.apache.lucene.store.FSDirectory.open(dir.resolve("20240301"));
            org.apache.lucene.index.DirectoryReader reader = org.apache.lucene.index.DirectoryReader.open(directory);
            org.apache.lucene.search.IndexSearcher s = new org.apache.lucene.search.IndexSearcher(reader);
            s.setTimeout(() -> true); // what the deadline installs, once expired mid-search
            s.search(new org.apache.lucene.search.MatchAllDocsQuery(), 10);
            assertThat(s.timedOut()).as("Lucene stops the search and reports it").isTrue();
            assertThatThrownBy(() -> new LogSearcher.Deadline(Duration.ofSeconds(10)).check(s))
                    .isInstanceOf(LogQueryException.class).hasMessageContaining("time budget");
            reader.close();
            directory.close();
        }
    }
}
