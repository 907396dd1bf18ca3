package dev.sightline.storage.spans;

import static dev.sightline.storage.testing.TestSpans.attr;
import static dev.sightline.storage.testing.TestSpans.span;
import static dev.sightline.storage.testing.TestSpans.spanId;
import static dev.sightline.storage.testing.TestSpans.traceIdOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.traces.TraceStore;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What indexing spans in blocks must not change: a trace matches when ONE of its spans meets every condition,
 * whichever blocks, batches and days its spans arrived in.
 */
class SpanBlockSemanticsTest {
    private static final long DAY1_LATE = nanos("2024-03-01T23:59:59Z") + 500_000_000;
    private static final long DAY2_EARLY = nanos("2024-03-02T00:00:00Z") + 250_000_000;
    private static final long T = nanos("2024-03-05T10:00:00Z");
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;
    private TraceStore store;
    private SpanIndex index;
    private SpanSearcher spans;
    private long lsn;

    private static long nanos(String instant) {
        return Instant.parse(instant).getEpochSecond() * 1_000_000_000L;
    }

    @BeforeEach
    void open() throws IOException {
        store = TraceStore.open(dir.resolve("traces"), CorrelationKeys.DEFAULT);
        index = SpanIndex.open(dir.resolve("spans"), 3_600_000);
        spans = new SpanSearcher(store, index, CorrelationKeys.DEFAULT);
    }

    @AfterEach
    void close() {
        index.close();
        store.close();
    }

    private void apply(ExportTraceServiceRequest request) throws IOException {
        lsn++;
        store.apply(lsn, Signal.TRACES, request);
        index.apply(lsn, Signal.TRACES, request);
        index.refreshNow();
    }

    private static ResourceSpans group(String service, Map<String, String> resource, Span... spans) {
        Resource.Builder r = Resource.newBuilder().addAttributes(attr("service.name", service));
        resource.forEach((k, v) -> r.addAttributes(attr(k, v)));
        return ResourceSpans.newBuilder().setResource(r).addScopeSpans(ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("test")).addAllSpans(List.of(spans))).build();
    }

    private static ExportTraceServiceRequest batch(ResourceSpans... groups) {
        return ExportTraceServiceRequest.newBuilder().addAllResourceSpans(List.of(groups)).build();
    }

    private static Span lasting(Span s, long nanos) {
        return s.toBuilder().setEndTimeUnixNano(s.getStartTimeUnixNano() + nanos).build();
    }

    private List<String> find(String service, String operation, Map<String, String> tags, long start, long end,
            long minDuration, long maxDuration, int limit) throws IOException {
        return spans.traceIds(new TraceQuery(service, operation, tags, start, end, minDuration, maxDuration, limit));
    }

    private List<String> find(String service, Map<String, String> tags) throws IOException {
        return find(service, null, tags, 0, Long.MAX_VALUE, 0, Long.MAX_VALUE, 100);
    }

    private static String hex(long trace) {
        return traceIdOf(trace).hex();
    }

    @Test
    void aTraceWhoseSpansArriveInSeveralBatchesAndAcrossMidnightIsFoundByEachOfThem() throws IOException {
        Span root = lasting(span(1, 1, "GET /", DAY1_LATE), SECOND); // ends on day 2
        Span process = span(1, 2, "Process", DAY2_EARLY).toBuilder().setParentSpanId(spanId(1)).build();
        apply(batch(group("frontend", Map.of(), root), group("checkout", Map.of(), process)));
        apply(batch(group("frontend", Map.of(), span(2, 1, "GET /", DAY1_LATE + 100))));
        // A late span of trace 1, on day 1, child of a span indexed on day 2 two batches ago.
        Span charge = span(1, 3, "Charge", DAY1_LATE + 200).toBuilder().setParentSpanId(spanId(2))
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT).addAttributes(attr("request.id", "r-1")).build();
        apply(batch(group("checkout", Map.of(), charge)));

        assertThat(index.partitionNames()).containsExactly("20240301", "20240302");
        assertThat(find("checkout", Map.of())).containsExactly(hex(1));
        assertThat(find(null, "Charge", Map.of(), 0, Long.MAX_VALUE, 0, Long.MAX_VALUE, 10)).containsExactly(hex(1));
        assertThat(find("frontend", Map.of())).as("most recent match first").containsExactly(hex(2), hex(1));
        assertThat(find(null, Map.of())).as("trace 1's latest span is on day 2").containsExactly(hex(1), hex(2));
        assertThat(find(null, null, Map.of(), 0, Long.MAX_VALUE, 0, Long.MAX_VALUE, 1)).containsExactly(hex(1));
        long day1End = nanos("2024-03-02T00:00:00Z") - 1;
        assertThat(find("checkout", null, Map.of(), 0, day1End, 0, Long.MAX_VALUE, 10))
                .as("the late span on day 1").containsExactly(hex(1));
        assertThat(find("checkout", null, Map.of("span.kind", "server"), 0, day1End, 0, Long.MAX_VALUE, 10))
                .as("the server span is on day 2").isEmpty();
        assertThat(find("frontend", null, Map.of(), day1End + 1, Long.MAX_VALUE, 0, Long.MAX_VALUE, 10)).isEmpty();
        assertThat(find(null, null, Map.of(), DAY1_LATE + 100, DAY1_LATE + 200, 0, Long.MAX_VALUE, 10))
                .as("the window's bounds are inclusive").containsExactly(hex(1), hex(2));

        assertThat(spans.dependencies(0, Long.MAX_VALUE))
                .as("across batches and days; checkout to checkout is not an edge")
                .containsExactly(new DependencyEdge("frontend", "checkout", 1));
        assertThat(spans.spansCarrying("r-1", 10)).containsExactly(new SpanRef(hex(1), HexIds.toHex(spanId(3))));
        assertThat(spans.count(new TermQuery(new Term(SpanFields.SERVICE, "checkout")))).isEqualTo(2);
        assertThat(spans.trace(traceIdOf(1))).hasSize(3);
    }

    @Test
    void conditionsMustHoldOnOneSpanNotAcrossTheSpansOfATraceOrABlock() throws IOException {
        Span a = span(1, 1, "a", T).toBuilder().addAttributes(attr("tenant", "t1")).build();
        Span b = lasting(span(1, 2, "b", T + 10 * SECOND), 500_000_000L).toBuilder()
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .addAttributes(attr("region", "eu")).build();
        Span c = span(2, 1, "c", T + 5 * SECOND).toBuilder().addAttributes(attr("tenant", "t1"))
                .addAttributes(attr("region", "eu")).build();
        Span d = span(3, 1, "d", T + 2 * SECOND).toBuilder().addAttributes(attr("tenant", "t1")).build();
        Span e = span(3, 2, "e", T + 3 * SECOND).toBuilder()
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)).build();
        Span other = span(1, 3, "db", T + SECOND).toBuilder().addAttributes(attr("tenant", "t2")).build();
        apply(batch(group("web", Map.of("zone", "z1"), a, b, c, d, e),
                group("db", Map.of("deployment.environment", "prod"), other)));
        assertThat(index.partitionNames()).containsExactly("20240305");

        assertThat(find(null, Map.of("tenant", "t1", "region", "eu"))).as("both on span c only")
                .containsExactly(hex(2));
        assertThat(find(null, Map.of("tenant", "t1"))).containsExactly(hex(2), hex(3), hex(1));
        assertThat(find(null, null, Map.of("tenant", "t1"), 0, Long.MAX_VALUE, 100_000_000L, Long.MAX_VALUE, 10))
                .as("the long span of trace 1 has no tenant").isEmpty();
        assertThat(find(null, "a", Map.of(), 0, Long.MAX_VALUE, 100_000_000L, Long.MAX_VALUE, 10)).isEmpty();
        assertThat(find(null, "b", Map.of(), 0, Long.MAX_VALUE, 100_000_000L, 500_000_000L, 10))
                .containsExactly(hex(1));
        assertThat(find(null, null, Map.of(), 0, Long.MAX_VALUE, 0, 499_999_999L, 10))
                .as("every trace has a short span; trace 1's latest span, b, is long")
                .containsExactly(hex(2), hex(3), hex(1));
        assertThat(find(null, Map.of("span.kind", "client", "tenant", "t1"))).isEmpty();
        assertThat(find(null, Map.of("error", "true", "tenant", "t1"))).isEmpty();
        assertThat(find(null, Map.of("error", "true"))).containsExactly(hex(1), hex(3));
        assertThat(find(null, Map.of("error", "false", "region", "eu"))).as("b is an error, c is not")
                .containsExactly(hex(2));
        assertThat(find(null, Map.of("otel.status_code", "error", "region", "eu"))).containsExactly(hex(1));
        assertThat(find(null, null, Map.of("tenant", "t1"), T, T + SECOND, 0, Long.MAX_VALUE, 10))
                .containsExactly(hex(1));
        assertThat(find(null, null, Map.of("region", "eu"), T, T + SECOND, 0, Long.MAX_VALUE, 10))
                .as("the spans with a region start later").isEmpty();
        assertThat(find("web", Map.of("tenant", "t2"))).as("t2 is on trace 1's db span").isEmpty();
        assertThat(find("db", Map.of("tenant", "t2"))).containsExactly(hex(1));
        assertThat(find("web", Map.of("deployment.environment", "prod"))).as("resource of another block").isEmpty();
        assertThat(find(null, Map.of("zone", "z1", "tenant", "t1"))).containsExactly(hex(2), hex(3), hex(1));
        assertThat(find(null, Map.of("zone", "z1", "tenant", "t2"))).isEmpty();

        assertThat(spans.count(new TermQuery(new Term(SpanFields.ATTRIBUTE_PREFIX + "tenant", "t1")))).isEqualTo(3);
        assertThat(spans.count(TraceIdSearch.toLucene(new TraceQuery(null, null, Map.of("tenant", "t1",
                "region", "eu"), 0, Long.MAX_VALUE, 0, Long.MAX_VALUE, 10)))).isEqualTo(1);
        assertThat(spans.traceIds(new TermQuery(new Term(SpanFields.ATTRIBUTE_PREFIX + "region", "eu")), 10))
                .containsExactlyInAnyOrder(hex(1), hex(2));
    }

    @Test
    void manyBlocksAreMergedIntoOneOrderOfSpanStartPageAfterPage() throws IOException {
        // 500 one-span records in shuffled order, then one record of 300 spans interleaved with them in time:
        // several sorted pages of blocks, and one block whose range spans all the others.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(7));
        for (int i : order) {
            apply(batch(group("web", Map.of(), span(1000 + i, 1, "one", T + 2L * i * SECOND))));
        }
        Span[] big = new Span[300];
        for (int i = 0; i < big.length; i++) {
            big[i] = span(2000 + i, 1, "many", T + (2L * i + 1) * SECOND);
        }
        apply(batch(group("web", Map.of(), big)));
        List<String> want = new ArrayList<>();
        for (int i = 499; i >= 0; i--) {
            if (i < 300) {
                want.add(hex(2000 + i));
            }
            want.add(hex(1000 + i));
        }
        assertThat(find("web", null, Map.of(), 0, Long.MAX_VALUE, 0, Long.MAX_VALUE, 1500))
                .containsExactlyElementsOf(want);
        assertThat(find("web", null, Map.of(), 0, Long.MAX_VALUE, 0, Long.MAX_VALUE, 7))
                .containsExactlyElementsOf(want.subList(0, 7));
        assertThat(find(null, "one", Map.of(), T + 100 * SECOND, T + 200 * SECOND, 0, Long.MAX_VALUE, 1500))
                .hasSize(51).first().isEqualTo(hex(1100));
    }

    @Test
    void replayingARecordAfterACrashIndexesItsBlocksOnce() throws IOException {
        ExportTraceServiceRequest first = batch(group("web", Map.of(), span(1, 1, "a", DAY1_LATE),
                span(1, 2, "b", DAY2_EARLY)));
        ExportTraceServiceRequest second = batch(group("web", Map.of(), span(1, 3, "c", DAY1_LATE + 1)));
        apply(first);
        index.commit(lsn);
        apply(second);
        index.close(); // the crash: the second record was not committed
        index = SpanIndex.open(dir.resolve("spans"), 3_600_000);
        spans = new SpanSearcher(store, index, CorrelationKeys.DEFAULT);
        index.apply(1, Signal.TRACES, first);
        index.apply(2, Signal.TRACES, second);
        index.refreshNow();
        assertThat(spans.count(new TermQuery(new Term(SpanFields.SERVICE, "web")))).isEqualTo(3);
        assertThat(find("web", Map.of())).containsExactly(hex(1));
    }
}
