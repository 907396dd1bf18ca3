package dev.sightline.storage.spans;

import static dev.sightline.storage.testing.TestSpans.attr;
import static dev.sightline.storage.testing.TestSpans.resourceSpans;
import static dev.sightline.storage.testing.TestSpans.span;
import static dev.sightline.storage.testing.TestSpans.spanId;
import static dev.sightline.storage.testing.TestSpans.traceIdOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.partition.DaySink;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpanIndexTest {
    /** Long enough that searchers only change when a test calls refreshNow(). */
    private static final long NO_AUTO_REFRESH = 3_600_000;
    private static final long DAY1_NOON = nanos("2024-03-01T12:00:00Z");
    private static final long DAY1_LAST_NANO = nanos("2024-03-01T23:59:59Z") + 999_999_999;
    private static final long DAY2_MIDNIGHT = nanos("2024-03-02T00:00:00Z");

    @TempDir
    Path dir;

    private static long nanos(String instant) {
        return Instant.parse(instant).getEpochSecond() * 1_000_000_000L;
    }

    private static Query term(String field, String value) {
        return new TermQuery(new Term(field, value));
    }

    private static long count(SpanIndex index, Query query) throws IOException {
        return SpanQueries.count(index, query);
    }

    private static java.util.Set<String> traceIds(SpanIndex index, Query query, int limit) throws IOException {
        return SpanQueries.traceIds(index, query, limit);
    }

    private static String hex(long trace) {
        return traceIdOf(trace).hex();
    }

    /**
     * checkout: trace 1 (two spans on day 1, one on day 2); payments: trace 2 (one span on day 2, with rich
     * attributes and an error status).
     */
    private static ExportTraceServiceRequest twoServicesTwoDays() {
        Span rich = span(2, 20, "charge", DAY2_MIDNIGHT + 5).toBuilder()
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setParentSpanId(spanId(10))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .addAttributes(attr("http.status_code", AnyValue.newBuilder().setIntValue(503).build()))
                .addAttributes(attr("retry", AnyValue.newBuilder().setBoolValue(true).build()))
                .addAttributes(attr("ratio", AnyValue.newBuilder().setDoubleValue(0.25).build()))
                .addAttributes(attr("amount", AnyValue.newBuilder().setDoubleValue(2.0).build()))
                .addAttributes(attr("blob", AnyValue.newBuilder()
                        .setBytesValue(ByteString.copyFrom(new byte[] {0, 1, (byte) 0xff})).build()))
                .addAttributes(attr("tags", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setStringValue("a"))
                        .addValues(AnyValue.newBuilder().setIntValue(1))).build()))
                .addAttributes(attr("ctx", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(attr("k", "v"))).build()))
                .addAttributes(attr("http.method", "POST"))
                .build();
        ResourceSpans payments = ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder()
                        .addAttributes(attr("service.name", "payments"))
                        .addAttributes(attr("host.name", "pay-1"))
                        .addAttributes(attr("cpu.count", AnyValue.newBuilder().setIntValue(8).build())))
                .addScopeSpans(ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("grpc"))
                        .addSpans(rich))
                .build();
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(resourceSpans("checkout", List.of(
                        span(1, 1, "GET /cart", DAY1_NOON),
                        span(1, 2, "SELECT cart", DAY1_LAST_NANO),
                        span(1, 3, "POST /pay", DAY2_MIDNIGHT))))
                .addResourceSpans(payments)
                .build();
    }

    @Test
    void spansGoToThePartitionOfTheirUtcStartDay() throws IOException {
        try (SpanIndex index = SpanIndex.open(dir, NO_AUTO_REFRESH)) {
            assertThat(index.partitionNames()).isEmpty();
            index.apply(1, Signal.TRACES, twoServicesTwoDays());
            assertThat(index.partitionNames()).containsExactly("20240301", "20240302");
            assertThat(dir.resolve("20240301")).isDirectory();
            assertThat(dir.resolve("20240302")).isDirectory();
            index.refreshNow();
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(4);
            assertThat(count(index, LongPoint.newRangeQuery(SpanFields.START, DAY1_NOON, DAY1_LAST_NANO))).isEqualTo(2);
            assertThat(count(index, LongPoint.newRangeQuery(SpanFields.START, DAY2_MIDNIGHT, Long.MAX_VALUE)))
                    .isEqualTo(2);
        }
    }

    /** Lucene documents (blocks), not spans. */
    private static long documents(SpanIndex index) throws IOException {
        long[] total = {0};
        index.searchNewestFirst(Long.MIN_VALUE, Long.MAX_VALUE, (day, s) -> {
            total[0] += s.count(new MatchAllDocsQuery());
            return true;
        });
        return total[0];
    }

    @Test
    void spansOfOneResourceAndDayInOneRecordShareABlockThatKeepsEachSpansValues() throws IOException {
        try (SpanIndex index = SpanIndex.open(dir, NO_AUTO_REFRESH)) {
            index.apply(1, Signal.TRACES, twoServicesTwoDays());
            index.refreshNow();
            assertThat(documents(index)).as("checkout on day 1 and on day 2, payments on day 2").isEqualTo(3);
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(4);
            List<String> spans = new ArrayList<>();
            index.searchNewestFirst(Long.MIN_VALUE, Long.MAX_VALUE, (day, s) -> SpanBlocks.scan(s,
                    new MatchAllDocsQuery(), b -> {
                        for (int i = 0; i < b.size; i++) {
                            spans.add(day + " " + b.service + " " + b.traceIdHex(i) + " "
                                    + HexIds.toHex(SpanFields.spanIdBytes(b.spanId[i])) + " "
                                    + (b.hasParent[i] ? HexIds.toHex(SpanFields.spanIdBytes(b.parentId[i])) : "-")
                                    + " " + b.strings[b.name[i]] + " " + SpanBlock.KINDS[b.kind[i]] + " "
                                    + SpanBlock.STATUSES[b.status[i]] + " " + b.start[i] + " " + b.duration[i]);
                        }
                        return true;
                    }));
            assertThat(spans).containsExactlyInAnyOrder(
                    "20240301 checkout " + hex(1) + " " + HexIds.toHex(spanId(1)) + " - GET /cart server unset "
                            + DAY1_NOON + " 1000000",
                    "20240301 checkout " + hex(1) + " " + HexIds.toHex(spanId(2)) + " - SELECT cart server unset "
                            + DAY1_LAST_NANO + " 1000000",
                    "20240302 checkout " + hex(1) + " " + HexIds.toHex(spanId(3)) + " - POST /pay server unset "
                            + DAY2_MIDNIGHT + " 1000000",
                    "20240302 payments " + hex(2) + " " + HexIds.toHex(spanId(20)) + " " + HexIds.toHex(spanId(10))
                            + " charge client error " + (DAY2_MIDNIGHT + 5) + " 1000000");
        }
    }

    @Test
    void aBlockHoldsAtMostMaxSpans() throws IOException {
        int n = SpanBlockBuilder.MAX_SPANS * 2 + 88;
        Span[] many = new Span[n];
        for (int i = 0; i < n; i++) {
            many[i] = span(1 + i % 5, i + 1, "op-" + i % 7, DAY1_NOON + i);
        }
        try (SpanIndex index = SpanIndex.open(dir, NO_AUTO_REFRESH)) {
            index.apply(1, Signal.TRACES, ExportTraceServiceRequest.newBuilder()
                    .addResourceSpans(resourceSpans("checkout", List.of(many))).build());
            index.refreshNow();
            assertThat(documents(index)).isEqualTo(3);
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(n);
            assertThat(count(index, term(SpanFields.NAME, "op-3"))).isEqualTo((n - 3 + 6) / 7);
            assertThat(count(index, LongPoint.newRangeQuery(SpanFields.START, DAY1_NOON + 300, DAY1_NOON + 309)))
                    .isEqualTo(10);
        }
    }

    @Test
    void appliedSpansAreSearchableAfterRefresh() throws IOException {
        try (SpanIndex index = SpanIndex.open(dir, NO_AUTO_REFRESH)) {
            assertThat(index.accepts(Signal.TRACES)).isTrue();
            assertThat(index.accepts(Signal.LOGS)).isFalse();
            index.apply(1, Signal.TRACES, twoServicesTwoDays());
            index.refreshNow();

            assertThat(count(index, term(SpanFields.SERVICE, "checkout"))).isEqualTo(3);
            assertThat(count(index, term(SpanFields.SERVICE, "payments"))).isEqualTo(1);
            assertThat(count(index, term(SpanFields.SERVICE, "nobody"))).isZero();
            assertThat(traceIds(index, term(SpanFields.SERVICE, "checkout"), 10)).containsExactly(hex(1));
            assertThat(traceIds(index, term(SpanFields.SERVICE, "payments"), 10)).containsExactly(hex(2));
            assertThat(traceIds(index, new MatchAllDocsQuery(), 10)).containsExactlyInAnyOrder(hex(1), hex(2));
            assertThat(traceIds(index, new MatchAllDocsQuery(), 1)).hasSize(1);

            assertThat(count(index, term("trace_id", hex(1)))).as("IDs are not terms").isZero();
            assertThat(count(index, term(SpanFields.NAME, "GET /cart"))).isEqualTo(1);
            assertThat(count(index, term(SpanFields.KIND, "server"))).isEqualTo(3);
            assertThat(count(index, term(SpanFields.KIND, "client"))).isEqualTo(1);
            assertThat(count(index, term(SpanFields.STATUS, "error"))).isEqualTo(1);
            assertThat(count(index, term(SpanFields.STATUS, "unset"))).isEqualTo(3);
            assertThat(count(index, term(SpanFields.SCOPE, "test-scope"))).isEqualTo(3);
            assertThat(count(index, term(SpanFields.SCOPE, "grpc"))).isEqualTo(1);
            assertThat(count(index, LongPoint.newExactQuery(SpanFields.DURATION, 1_000_000))).isEqualTo(4);
        }
    }

    @Test
    void attributeAndResourceTermsMatchTheTextFormOfValues() throws IOException {
        try (SpanIndex index = SpanIndex.open(dir, NO_AUTO_REFRESH)) {
            index.apply(1, Signal.TRACES, twoServicesTwoDays());
            index.refreshNow();
            String a = SpanFields.ATTRIBUTE_PREFIX;
            String r = SpanFields.RESOURCE_PREFIX;
            assertThat(count(index, term(a + "http.method", "POST"))).isEqualTo(1);
            assertThat(count(index, term(a + "http.status_code", "503"))).isEqualTo(1);
            assertThat(count(index, term(a + "retry", "true"))).isEqualTo(1);
            assertThat(count(index, term(a + "ratio", "0.25"))).isEqualTo(1);
            assertThat(count(index, term(a + "amount", "2.0"))).isEqualTo(1);
            assertThat(count(index, term(a + "blob", "AAH/"))).isEqualTo(1);
            assertThat(count(index, term(a + "tags", "[\"a\",1]"))).isEqualTo(1);
            assertThat(count(index, term(a + "ctx", "{\"k\":\"v\"}"))).isEqualTo(1);
            assertThat(traceIds(index, term(a + "http.status_code", "503"), 10)).containsExactly(hex(2));
            assertThat(count(index, term(a + "http.status_code", "200"))).isZero();

            assertThat(count(index, term(r + "service.name", "checkout"))).isEqualTo(3);
            assertThat(count(index, term(r + "host.name", "pay-1"))).isEqualTo(1);
            assertThat(count(index, term(r + "cpu.count", "8"))).isEqualTo(1);
            // Resource and span attributes are separate vocabularies.
            assertThat(count(index, term(a + "host.name", "pay-1"))).isZero();
            assertThat(count(index, term(r + "http.method", "POST"))).isZero();
        }
    }

    @Test
    void aDayFolderOfFormat1IsMovedAsideSoThatItsDayKeepsIndexing() throws IOException {
        Path day1 = dir.resolve("20240301");
        try (FSDirectory d = FSDirectory.open(day1); IndexWriter w = new IndexWriter(d, new IndexWriterConfig())) {
            Document old = new Document();
            old.add(new StringField("trace_id", hex(9), Field.Store.NO));
            old.add(new StringField("span_id", "0000000000000009", Field.Store.NO));
            old.add(new SortedDocValuesField("span_id", new BytesRef(new byte[8])));
            w.addDocument(old);
            w.commit();
        }
        try (SpanIndex index = SpanIndex.open(dir, NO_AUTO_REFRESH)) {
            assertThat(dir.resolve("20240301.format1")).isDirectory();
            index.apply(1, Signal.TRACES, twoServicesTwoDays());
            index.refreshNow();
            assertThat(count(index, LongPoint.newRangeQuery(SpanFields.START, DAY1_NOON, DAY1_LAST_NANO))).isEqualTo(2);
        }
    }

    /** Format 2 (one document per span, IDs as doc values) cannot take blocks: its day is moved aside, once. */
    @Test
    void aDayFolderOfFormat2IsMovedAsideSoThatItsDayKeepsIndexing() throws IOException {
        Files.createDirectories(dir.resolve("20240301.format2")); // moved aside by an earlier start, say
        try (FSDirectory d = FSDirectory.open(dir.resolve("20240301"));
                IndexWriter w = new IndexWriter(d, new IndexWriterConfig())) {
            Document old = new Document();
            old.add(new SortedDocValuesField("trace_id", new BytesRef(HexIds.fromHex(hex(9)))));
            old.add(new NumericDocValuesField("span_id64", 9));
            old.add(new StringField(SpanFields.SERVICE, "checkout", Field.Store.NO));
            old.add(new SortedDocValuesField(SpanFields.SERVICE, new BytesRef("checkout")));
            old.add(new LongPoint(SpanFields.START, DAY1_NOON));
            old.add(new NumericDocValuesField(SpanFields.START, DAY1_NOON));
            w.addDocument(old);
            w.commit();
        }
        assertThat(SpanIndex.formatOf(dir.resolve("20240301"))).isEqualTo(2);
        try (SpanIndex index = SpanIndex.open(dir, NO_AUTO_REFRESH)) {
            assertThat(dir.resolve("20240301.format2.2")).isDirectory();
            assertThat(index.partitionNames()).isEmpty();
            index.apply(1, Signal.TRACES, twoServicesTwoDays());
            index.refreshNow();
            assertThat(count(index, LongPoint.newRangeQuery(SpanFields.START, DAY1_NOON, DAY1_LAST_NANO))).isEqualTo(2);
            assertThat(SpanIndex.formatOf(dir.resolve("20240301"))).isEqualTo(SpanIndex.FORMAT);
        }
    }

    /**
     * A day folder as the index wrote it before the partition store existed: a plain Lucene index (of format 3
     * blocks here) whose commit data holds the WAL LSN under {@code sightline.wal_lsn}. It opens, is searched, and
     * replay skips what its commit holds.
     */
    @Test
    void aDayFolderWrittenBeforeThePartitionStoreOpensAndReplaySkipsItsCommittedLsn() throws IOException {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(resourceSpans("checkout", List.of(span(1, 1, "GET /cart", DAY1_NOON),
                        span(1, 2, "SELECT cart", DAY1_NOON + 1))))
                .build();
        try (FSDirectory d = FSDirectory.open(dir.resolve("20240301"));
                IndexWriter w = new IndexWriter(d, new IndexWriterConfig().setRAMBufferSizeMB(32)
                        .setCommitOnClose(false).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND))) {
            SpanDocuments.addBlocks(request, new DaySink() {
                @Override
                public boolean skips(String day) {
                    return false;
                }

                @Override
                public boolean add(String day, Document doc) throws IOException {
                    w.addDocument(doc);
                    return true;
                }
            });
            w.setLiveCommitData(java.util.Map.of("sightline.wal_lsn", "7").entrySet());
            w.commit();
        }
        try (SpanIndex index = SpanIndex.open(dir, NO_AUTO_REFRESH)) {
            assertThat(index.partitionNames()).containsExactly("20240301");
            assertThat(dir.resolve("20240301.format1")).doesNotExist();
            index.refreshNow();
            assertThat(count(index, term(SpanFields.SERVICE, "checkout"))).isEqualTo(2);
            assertThat(traceIds(index, term(SpanFields.NAME, "SELECT cart"), 10)).containsExactly(hex(1));

            index.apply(6, Signal.TRACES, request);
            index.apply(7, Signal.TRACES, request);
            index.refreshNow();
            assertThat(count(index, new MatchAllDocsQuery())).as("records at or before the old commit").isEqualTo(2);
            index.apply(8, Signal.TRACES, request);
            index.commit(8);
            index.refreshNow();
            assertThat(count(index, new MatchAllDocsQuery())).as("a later record").isEqualTo(4);
        }
    }

    @Test
    void droppedDaysAreDeletedAndTheirLateSpansIgnored() throws IOException {
        try (SpanIndex index = SpanIndex.open(dir, NO_AUTO_REFRESH)) {
            index.apply(1, Signal.TRACES, twoServicesTwoDays());
            index.commit(1);
            assertThat(index.dropBefore("20240302")).containsExactly("20240301");
            assertThat(dir.resolve("20240301")).doesNotExist();
            index.apply(2, Signal.TRACES, twoServicesTwoDays());
            index.refreshNow();
            assertThat(index.partitionNames()).containsExactly("20240302");
            assertThat(count(index, new MatchAllDocsQuery())).as("day 2 twice, day 1 not again").isEqualTo(4);
        }
    }

    @Test
    void resourceWithoutServiceNameIsUnknownService() throws IOException {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(attr("host.name", "h")))
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(9, 1, "x", DAY1_NOON))))
                .build();
        try (SpanIndex index = SpanIndex.open(dir, NO_AUTO_REFRESH)) {
            index.apply(1, Signal.TRACES, request);
            index.refreshNow();
            assertThat(count(index, term(SpanFields.SERVICE, "unknown_service"))).isEqualTo(1);
        }
    }

    @Test
    void spansAreNotSearchableBeforeARefresh() throws IOException {
        try (SpanIndex index = SpanIndex.open(dir, NO_AUTO_REFRESH)) {
            index.apply(1, Signal.TRACES, twoServicesTwoDays());
            assertThat(count(index, new MatchAllDocsQuery())).isZero();
            index.refreshNow();
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(4);
        }
    }

    @Test
    void replayOfCommittedRecordsAddsNothingButLaterRecordsAreAdded() throws IOException {
        ExportTraceServiceRequest request = twoServicesTwoDays();
        try (SpanIndex index = SpanIndex.open(dir, NO_AUTO_REFRESH)) {
            index.apply(5, Signal.TRACES, request);
            index.commit(5);
        }
        try (SpanIndex index = SpanIndex.open(dir, NO_AUTO_REFRESH)) {
            assertThat(index.partitionNames()).containsExactly("20240301", "20240302");
            index.refreshNow();
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(4);

            index.apply(4, Signal.TRACES, request);
            index.apply(5, Signal.TRACES, request);
            index.refreshNow();
            assertThat(count(index, new MatchAllDocsQuery())).as("records at or before the commit").isEqualTo(4);

            index.apply(6, Signal.TRACES, request);
            index.refreshNow();
            assertThat(count(index, new MatchAllDocsQuery())).as("a later record").isEqualTo(8);
            assertThat(count(index, term(SpanFields.SERVICE, "checkout"))).isEqualTo(6);
        }
    }

    @Test
    void uncommittedSpansAreDroppedOnCloseAndReplayRestoresThem() throws IOException {
        ExportTraceServiceRequest committed = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(resourceSpans("checkout", List.of(span(1, 1, "a", DAY1_NOON),
                        span(1, 2, "b", DAY2_MIDNIGHT))))
                .build();
        ExportTraceServiceRequest day1Only = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(resourceSpans("checkout", List.of(span(3, 1, "c", DAY1_NOON))))
                .build();
        try (SpanIndex index = SpanIndex.open(dir, NO_AUTO_REFRESH)) {
            index.apply(10, Signal.TRACES, committed);
            index.commit(10);
            index.apply(11, Signal.TRACES, day1Only); // the crash comes before the next commit
            index.refreshNow();
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(3);
        }
        try (SpanIndex index = SpanIndex.open(dir, NO_AUTO_REFRESH)) {
            index.refreshNow();
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(2);
            // Replay from the WAL checkpoint (10) onwards.
            index.apply(10, Signal.TRACES, committed);
            index.apply(11, Signal.TRACES, day1Only);
            index.commit(11);
            index.refreshNow();
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(3);
            assertThat(traceIds(index, term(SpanFields.NAME, "c"), 10)).containsExactly(hex(3));
        }
        try (SpanIndex index = SpanIndex.open(dir, NO_AUTO_REFRESH)) {
            index.apply(11, Signal.TRACES, day1Only);
            index.refreshNow();
            assertThat(count(index, new MatchAllDocsQuery())).isEqualTo(3);
        }
    }
}
