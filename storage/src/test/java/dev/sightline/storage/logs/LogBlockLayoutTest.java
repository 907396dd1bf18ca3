package dev.sightline.storage.logs;

import static dev.sightline.storage.logs.LogIndexTest.attr;
import static dev.sightline.storage.logs.LogIndexTest.nanos;
import static dev.sightline.storage.logs.LogIndexTest.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The block layout through {@link LogIndex}: blocks cut at UTC midnight and at {@link LogIndex#MAX_BLOCK_RECORDS},
 * blocks that overlap in time (late records, one batch's records out of order), equal resources of one batch
 * sharing blocks. Every search is compared with a plain filter over a model of the records: pages in both
 * directions at small sizes (each record once, in (time, LSN, ordinal) order), histograms, match times and top
 * values.
 */
class LogBlockLayoutTest {
    private static final long NO_AUTO_REFRESH = 3_600_000;
    private static final long MIDNIGHT = nanos("2024-03-02T00:00:00Z");
    private static final long ALL_START = nanos("2024-01-01T00:00:00Z");
    private static final long ALL_END = nanos("2025-01-01T00:00:00Z");

    @TempDir
    Path dir;

    /** A record as the test knows it; {@code id} is its body's first word. */
    private record M(long time, long lsn, int ordinal, String service, String severity, String parity, String tag) {
        String id() {
            return "r" + lsn + "x" + ordinal;
        }

        String body() {
            return id() + " " + parity;
        }
    }

    /** The queries each layout is checked with, and the plain filter each means. */
    private static final Map<String, Predicate<M>> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("", m -> true);
        QUERIES.put("even", m -> m.parity().equals("even"));
        QUERIES.put("-even", m -> !m.parity().equals("even"));
        QUERIES.put("severity:error", m -> m.severity().equals("ERROR"));
        QUERIES.put("service:alpha AND odd", m -> m.service().equals("alpha") && m.parity().equals("odd"));
        QUERIES.put("attributes.tag:t1 OR severity:warn", m -> m.tag().equals("t1") || m.severity().equals("WARN"));
        QUERIES.put("\"odd\"~1 -service:beta", m -> m.parity().equals("odd") && !m.service().equals("beta"));
    }

    private LogIndex open() throws IOException {
        return LogIndex.open(dir, NO_AUTO_REFRESH, CorrelationKeys.DEFAULT);
    }

    /** Builds records of one batch, in batch order, so that ordinals are what the index gives them. */
    private static final class Batch {
        final long lsn;
        final List<M> records = new ArrayList<>();
        final ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();

        Batch(long lsn) {
            this.lsn = lsn;
        }

        /** A ResourceLogs of {@code service} (schema URL {@code schema}) holding records at {@code times}. */
        Batch resource(String service, String schema, String scope, Random random, long... times) {
            ScopeLogs.Builder sl = ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName(scope));
            for (long t : times) {
                int ordinal = records.size();
                M m = new M(t, lsn, ordinal, service, pick(random, "ERROR", "WARN", "INFO"),
                        ordinal % 2 == 0 ? "even" : "odd", pick(random, "t1", "t2", "t3"));
                records.add(m);
                sl.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(t).setSeverityText(m.severity())
                        .setBody(str(m.body())).addAttributes(attr("tag", str(m.tag()))));
            }
            request.addResourceLogs(ResourceLogs.newBuilder().setResource(resourceOf(service)).setSchemaUrl(schema)
                    .addScopeLogs(sl));
            return this;
        }

        void applyTo(LogIndex index, List<M> model) throws IOException {
            index.apply(lsn, Signal.LOGS, request.build());
            model.addAll(records);
        }
    }

    private static Resource resourceOf(String service) {
        return Resource.newBuilder().addAttributes(attr("service.name", str(service)))
                .addAttributes(attr("host.name", str("web-1"))).build();
    }

    private static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }

    private static final Comparator<M> ORDER = Comparator.comparingLong(M::time).thenComparingLong(M::lsn)
            .thenComparingInt(M::ordinal);

    @Test
    void aBatchAcrossMidnightIsTwoDaysSearchedAsOne() throws Exception {
        Random random = new Random(1);
        List<M> model = new ArrayList<>();
        try (LogIndex index = open()) {
            // Out of order within the batch, equal times on both sides, the last and first nanosecond of the days.
            new Batch(1).resource("alpha", "", "s", random, MIDNIGHT, MIDNIGHT - 1, MIDNIGHT + 5, MIDNIGHT - 1,
                    MIDNIGHT - 3_600_000_000_000L, MIDNIGHT, MIDNIGHT + 3_600_000_000_000L, MIDNIGHT - 2)
                    .applyTo(index, model);
            index.refreshNow();
            assertThat(index.partitionNames()).containsExactly("20240301", "20240302");
            assertThat(blocks(index)).containsExactly(Map.entry("20240301", 1), Map.entry("20240302", 1));
            LogSearcher s = index.searcher(LogLimits.DEFAULT);
            checkAll(s, model, MIDNIGHT - 86_400_000_000_000L, MIDNIGHT + 86_400_000_000_000L);
            // windows cut at midnight: each day alone
            assertThat(ids(s, "", MIDNIGHT, ALL_END, 100, false)).isEqualTo(expected(model, m -> true, MIDNIGHT,
                    ALL_END));
            assertThat(ids(s, "", ALL_START, MIDNIGHT, 100, true)).isEqualTo(expected(model, m -> true, ALL_START,
                    MIDNIGHT).reversed());
            assertThat(ids(s, "", MIDNIGHT - 1, MIDNIGHT + 1, 100, false)).containsExactly("r1x1", "r1x3", "r1x0",
                    "r1x5");
        }
    }

    @Test
    void moreRecordsOfOneResourceThanABlockHoldsAreSeveralBlocksPagedInOrder() throws Exception {
        Random random = new Random(2);
        List<M> model = new ArrayList<>();
        long base = nanos("2024-03-01T12:00:00Z");
        try (LogIndex index = open()) {
            int n = 2 * LogIndex.MAX_BLOCK_RECORDS + 300;
            long[] times = new long[n];
            for (int i = 0; i < n; i++) {
                times[i] = base + random.nextInt(400) * 1_000L; // about six records a timestamp, in no order
            }
            new Batch(1).resource("alpha", "", "s", random, times).applyTo(index, model);
            // a second batch of the same resource and times: ties across LSNs too
            new Batch(2).resource("alpha", "", "s", random, base, base + 5_000L, base + 5_000L, base + 399_000L)
                    .applyTo(index, model);
            index.refreshNow();
            assertThat(blocks(index)).as("three blocks for batch 1, one for batch 2")
                    .containsExactly(Map.entry("20240301", 4));
            LogSearcher s = index.searcher(LogLimits.DEFAULT);
            checkAll(s, model, base, base + 400_000L);
            // pages one record long, both directions, over a window where the four blocks interleave (every block
            // spans the whole range)
            long from = base + 100_000L;
            long to = base + 160_000L;
            List<String> window = expected(model, m -> true, from, to);
            assertThat(window).hasSizeGreaterThan(300);
            assertThat(pageAll(s, "", from, to, 1, false)).isEqualTo(window);
            assertThat(pageAll(s, "", from, to, 1, true)).isEqualTo(window.reversed());
        }
    }

    @Test
    void lateRecordsAreReturnedInTimeOrder() throws Exception {
        Random random = new Random(3);
        List<M> model = new ArrayList<>();
        long base = nanos("2024-03-01T12:00:00Z");
        try (LogIndex index = open()) {
            new Batch(1).resource("alpha", "", "s", random, base + 100, base + 150, base + 200).applyTo(index, model);
            index.commit(1);
            new Batch(2).resource("alpha", "", "s", random, base + 50, base + 150, base + 250, base + 10)
                    .resource("beta", "", "s", random, base + 175, base - 86_400_000_000_000L)
                    .applyTo(index, model);
            new Batch(3).resource("beta", "", "s", random, base, base + 300, base + 150, base + 100)
                    .applyTo(index, model);
            index.refreshNow();
            assertThat(index.partitionNames()).containsExactly("20240229", "20240301");
            LogSearcher s = index.searcher(LogLimits.DEFAULT);
            checkAll(s, model, base - 100_000_000_000_000L, base + 400);
            assertThat(ids(s, "", base + 100, base + 151, 100, false)).containsExactly("r1x0", "r3x3", "r1x1",
                    "r2x1", "r3x2");
        }
    }

    @Test
    void equalResourcesOfOneBatchShareABlock() throws Exception {
        Random random = new Random(4);
        List<M> model = new ArrayList<>();
        long base = nanos("2024-03-01T12:00:00Z");
        try (LogIndex index = open()) {
            new Batch(1).resource("alpha", "", "first", random, base + 3, base)
                    .resource("beta", "", "s", random, base + 1)
                    .resource("alpha", "", "second", random, base + 2, base + 3)
                    .resource("alpha", "https://opentelemetry.io/schemas/1.21.0", "third", random, base + 1)
                    .applyTo(index, model);
            index.refreshNow();
            assertThat(blocks(index)).as("alpha, beta, alpha with another schema URL")
                    .containsExactly(Map.entry("20240301", 3));
            LogSearcher s = index.searcher(LogLimits.DEFAULT);
            checkAll(s, model, base, base + 4);
            List<StoredLog> all = s.search(new LogSearch("", ALL_START, ALL_END, 100, false, null)).records();
            assertThat(all).extracting(l -> l.record().getBody().getStringValue().split(" ")[0] + "@"
                    + l.scope().getName() + "@" + l.resourceSchemaUrl()).containsExactly("r1x1@first@",
                    "r1x2@s@", "r1x5@third@https://opentelemetry.io/schemas/1.21.0", "r1x3@second@", "r1x0@first@",
                    "r1x4@second@");
            assertThat(all).extracting(StoredLog::resource).containsOnly(resourceOf("alpha"), resourceOf("beta"));
        }
    }

    @Test
    void randomBatchesOfEveryLayoutMatchAPlainFilter() throws Exception {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("LogBlockLayoutTest seed " + seed + " (rerun with -Dtest.seed=" + seed + ")");
        Random random = new Random(seed);
        List<M> model = new ArrayList<>();
        long hour = 3_600_000_000_000L;
        // times cluster around a few instants (ties), two of them at midnight
        long[] anchors = {MIDNIGHT - hour, MIDNIGHT - 1, MIDNIGHT, MIDNIGHT + 7, MIDNIGHT + 24 * hour,
            MIDNIGHT - 30 * hour};
        try (LogIndex index = open()) {
            int batches = 2 + random.nextInt(5);
            for (long lsn = 1; lsn <= batches; lsn++) {
                Batch batch = new Batch(lsn);
                int resources = 1 + random.nextInt(4);
                for (int r = 0; r < resources; r++) {
                    int n = random.nextInt(10) == 0 ? LogIndex.MAX_BLOCK_RECORDS + random.nextInt(200)
                            : 1 + random.nextInt(60);
                    long[] times = new long[n];
                    for (int i = 0; i < n; i++) {
                        times[i] = anchors[random.nextInt(anchors.length)] + random.nextInt(3) * 1_000L;
                    }
                    batch.resource(pick(random, "alpha", "beta", "gamma"), random.nextInt(5) == 0 ? "schema" : "",
                            "s", random, times);
                }
                batch.applyTo(index, model);
                if (random.nextInt(3) == 0) {
                    index.commit(lsn);
                }
            }
            index.refreshNow();
            LogSearcher s = index.searcher(LogLimits.DEFAULT);
            checkAll(s, model, MIDNIGHT - 31 * hour, MIDNIGHT + 25 * hour);
            for (int w = 0; w < 10; w++) {
                long a = anchors[random.nextInt(anchors.length)] + random.nextInt(5) * 1_000L - 2_000L;
                long b = anchors[random.nextInt(anchors.length)] + random.nextInt(5) * 1_000L - 2_000L;
                long from = Math.min(a, b);
                long to = Math.max(a, b);
                List<String> queries = new ArrayList<>(QUERIES.keySet());
                String query = queries.get(random.nextInt(queries.size()));
                List<String> want = expected(model, QUERIES.get(query), from, to);
                int limit = 1 + random.nextInt(Math.max(1, want.size() / 8 + 1));
                assertThat(pageAll(s, query, from, to, limit, false)).as("seed %d: \"%s\" in [%d, %d), pages of %d",
                        seed, query, from, to, limit).isEqualTo(want);
                assertThat(pageAll(s, query, from, to, limit, true)).as("seed %d: \"%s\" in [%d, %d), pages of %d,"
                        + " newest first", seed, query, from, to, limit).isEqualTo(want.reversed());
            }
        }
    }

    @Test
    void aTracesRecordsArePagedAcrossDaysAndBlocks() throws Exception {
        String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
        List<String> want = new ArrayList<>();
        try (LogIndex index = open()) {
            for (long lsn = 1; lsn <= 3; lsn++) {
                List<LogRecord> records = new ArrayList<>();
                for (int i = 0; i < 1100; i++) {
                    long t = (i % 2 == 0 ? MIDNIGHT - 1 : MIDNIGHT) + (lsn == 2 ? -5 : 0);
                    LogRecord.Builder r = LogRecord.newBuilder().setTimeUnixNano(t).setBody(str("l" + lsn + "r" + i));
                    if (i % 100 < 2) { // on both days
                        r.setTraceId(com.google.protobuf.ByteString.fromHex(trace));
                    }
                    records.add(r.build());
                }
                index.apply(lsn, Signal.LOGS, ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs
                        .newBuilder().setResource(resourceOf("alpha")).addScopeLogs(ScopeLogs.newBuilder()
                                .addAllLogRecords(records))).build());
            }
            index.refreshNow();
            for (long t : new long[] {MIDNIGHT - 6, MIDNIGHT - 5, MIDNIGHT - 1, MIDNIGHT}) {
                for (long lsn = 1; lsn <= 3; lsn++) {
                    for (int i = 0; i < 1100; i++) {
                        long time = (i % 2 == 0 ? MIDNIGHT - 1 : MIDNIGHT) + (lsn == 2 ? -5 : 0);
                        if (time == t && i % 100 < 2) {
                            want.add("l" + lsn + "r" + i);
                        }
                    }
                }
            }
            LogSearcher s = index.searcher(LogLimits.DEFAULT);
            List<String> got = new ArrayList<>();
            LogCursor after = null;
            do {
                LogPage page = s.byTrace(trace.toUpperCase(java.util.Locale.ROOT), 2, after);
                got.addAll(page.records().stream().map(l -> l.record().getBody().getStringValue()).toList());
                after = page.next();
            } while (after != null);
            assertThat(got).isEqualTo(want);
        }
    }

    /** Checks every query of {@link #QUERIES} on the model: pages, histograms, match times, top values. */
    private static void checkAll(LogSearcher s, List<M> model, long start, long end) throws Exception {
        for (Map.Entry<String, Predicate<M>> q : QUERIES.entrySet()) {
            String query = q.getKey();
            List<String> whole = expected(model, q.getValue(), ALL_START, ALL_END);
            for (boolean desc : new boolean[] {false, true}) {
                List<String> want = desc ? whole.reversed() : whole;
                assertThat(ids(s, query, ALL_START, ALL_END, LogSearch.MAX_LIMIT, desc)).as("\"%s\" desc=%s", query,
                        desc).isEqualTo(want);
                // over thousands of records, pages of one record are checked by the caller, on a window
                for (int limit : model.size() < 200 ? new int[] {1, 2, 3, 37} : new int[] {64}) {
                    assertThat(pageAll(s, query, ALL_START, ALL_END, limit, desc))
                            .as("\"%s\" in pages of %d, desc=%s", query, limit, desc).isEqualTo(want);
                }
            }
            // a window cutting through blocks, paged
            long from = start + (end - start) / 3;
            long to = end - (end - start) / 4;
            List<String> inWindow = expected(model, q.getValue(), from, to);
            assertThat(pageAll(s, query, from, to, Math.max(5, inWindow.size() / 16), false))
                    .as("\"%s\" in [%d, %d)", query, from, to).isEqualTo(inWindow);
            long step = Math.max(1, (end - start) / 7);
            assertThat(s.histogram(query, start, end, step)).as("histogram of \"%s\"", query)
                    .isEqualTo(histogram(model, q.getValue(), start, end, step));
            assertThat(s.matchTimes(query, from, to, 100_000)).as("match times of \"%s\"", query)
                    .isEqualTo(model.stream().filter(q.getValue()).mapToLong(M::time).filter(t -> t >= from && t < to)
                            .sorted().toArray());
            long all = model.stream().filter(q.getValue()).filter(m -> m.time() >= start && m.time() < end).count();
            assertThat(s.matchTimes(query, start, end, (int) all)).as("at most as many as match").hasSize((int) all);
            if (all > 0) {
                assertThatThrownBy(() -> s.matchTimes(query, start, end, (int) all - 1))
                        .isInstanceOf(LogQueryException.class).hasMessageContaining("more than " + (all - 1));
            }
            for (String field : List.of("severity", "service", "attributes.tag")) {
                assertThat(s.topValues(field, query, start, end, 10)).as("top %s of \"%s\"", field, query)
                        .isEqualTo(topValues(model, q.getValue(), start, end, field));
            }
        }
    }

    private static List<String> expected(List<M> model, Predicate<M> filter, long start, long end) {
        return model.stream().filter(filter).filter(m -> m.time() >= start && m.time() < end).sorted(ORDER)
                .map(M::id).toList();
    }

    private static long[] histogram(List<M> model, Predicate<M> filter, long start, long end, long step) {
        long[] counts = new long[(int) ((end - start + step - 1) / step)];
        model.stream().filter(filter).filter(m -> m.time() >= start && m.time() < end)
                .forEach(m -> counts[(int) ((m.time() - start) / step)]++);
        return counts;
    }

    private static List<ValueCount> topValues(List<M> model, Predicate<M> filter, long start, long end,
            String field) {
        Map<String, Long> counts = new HashMap<>();
        model.stream().filter(filter).filter(m -> m.time() >= start && m.time() < end).forEach(m -> counts.merge(
                switch (field) {
                    case "severity" -> m.severity().toLowerCase(java.util.Locale.ROOT);
                    case "service" -> m.service();
                    default -> m.tag();
                }, 1L, Long::sum));
        List<ValueCount> out = new ArrayList<>();
        counts.forEach((v, c) -> out.add(new ValueCount(v, c)));
        out.sort(Comparator.comparingLong((ValueCount v) -> -v.count()).thenComparing(ValueCount::value));
        return out.subList(0, Math.min(10, out.size()));
    }

    private static List<String> ids(LogSearcher s, String query, long start, long end, int limit, boolean desc)
            throws Exception {
        return ids(s.search(new LogSearch(query, start, end, limit, desc, null)).records());
    }

    private static List<String> ids(List<StoredLog> logs) {
        return logs.stream().map(l -> l.record().getBody().getStringValue().split(" ")[0]).toList();
    }

    /** Every page of a search, following the cursors (as text, the way clients pass them back). */
    private static List<String> pageAll(LogSearcher s, String query, long start, long end, int limit, boolean desc)
            throws Exception {
        List<String> out = new ArrayList<>();
        LogCursor cursor = null;
        int pages = 0;
        do {
            LogPage page = s.search(new LogSearch(query, start, end, limit, desc, cursor));
            assertThat(page.records().size()).isLessThanOrEqualTo(limit);
            if (page.next() != null) {
                assertThat(page.records()).as("a page with a next cursor is full").hasSize(limit);
            }
            out.addAll(ids(page.records()));
            cursor = page.next() == null ? null : LogCursor.decode(page.next().encode());
            assertThat(++pages).as("pages of \"%s\"", query).isLessThan(100_000);
        } while (cursor != null);
        return out;
    }

    /** Block documents of each day partition. */
    private static Map<String, Integer> blocks(LogIndex index) throws Exception {
        Map<String, Integer> out = new TreeMap<>();
        index.search(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2, false, (day, searcher) -> {
            out.put(day, searcher.getIndexReader().numDocs());
            return true;
        });
        return out;
    }
}
