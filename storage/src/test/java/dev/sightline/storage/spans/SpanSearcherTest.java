package dev.sightline.storage.spans;

import static dev.sightline.storage.testing.TestSpans.attr;
import static dev.sightline.storage.testing.TestSpans.request;
import static dev.sightline.storage.testing.TestSpans.span;
import static dev.sightline.storage.testing.TestSpans.spanId;
import static dev.sightline.storage.testing.TestSpans.traceId;
import static dev.sightline.storage.testing.TestSpans.traceIdOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.traces.TraceStore;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The span reader over a trace store and a span index: what the Jaeger API and correlation lookups read. */
class SpanSearcherTest {
    private static final long DAY1 = nanos("2024-03-01T12:00:00Z");
    private static final long DAY2 = nanos("2024-03-02T12:00:00Z");
    private static final long ALL = Long.MAX_VALUE;

    @TempDir
    Path dir;
    private TraceStore store;
    private SpanIndex index;
    private SpanReader spans;
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

    private static TraceQuery query(String service, Map<String, String> tags, int limit) {
        return new TraceQuery(service, null, tags, 0, ALL, 0, Long.MAX_VALUE, limit);
    }

    private static String hex(long trace) {
        return traceIdOf(trace).hex();
    }

    @Test
    void theLimitCountsDistinctTracesAfterFilteringNewestFirst() throws IOException {
        // Trace 1 has many matching spans; a span-count limit would return it alone.
        Span[] many = new Span[30];
        for (int i = 0; i < many.length; i++) {
            many[i] = span(1, 100 + i, "loop", DAY2 + 1000 + i);
        }
        apply(request("checkout", many));
        apply(request("checkout", span(2, 1, "GET /cart", DAY1), span(3, 1, "GET /cart", DAY1 + 5)));
        apply(request("payments", span(4, 1, "charge", DAY2 + 1)));

        assertThat(spans.traceIds(query("checkout", Map.of(), 2))).containsExactly(hex(1), hex(3));
        assertThat(spans.traceIds(query("checkout", Map.of(), 10))).containsExactly(hex(1), hex(3), hex(2));
        assertThat(spans.traceIds(new TraceQuery("checkout", "GET /cart", Map.of(), DAY1 + 5, DAY1 + 5, 0,
                Long.MAX_VALUE, 10))).as("start and end are inclusive").containsExactly(hex(3));
        assertThat(spans.traceIds(new TraceQuery(null, null, Map.of(), 0, ALL, 2_000_000, Long.MAX_VALUE, 10)))
                .as("every span lasts 1 ms").isEmpty();
        assertThat(spans.trace(traceIdOf(1))).hasSize(30);
    }

    @Test
    void tagsMapJaegerKeysToSpanFieldsAndOthersToAttributes() throws IOException {
        Span failed = span(5, 1, "call", DAY1).toBuilder().setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
                .addAttributes(attr("http.response.status_code", "503")).build();
        apply(request("web", failed, span(6, 1, "ok", DAY1).toBuilder().addAttributes(attr("tenant", "a")).build()));

        assertThat(spans.traceIds(query(null, Map.of("error", "true"), 10))).containsExactly(hex(5));
        assertThat(spans.traceIds(query(null, Map.of("error", "false"), 10))).containsExactly(hex(6));
        assertThat(spans.traceIds(query(null, Map.of("span.kind", "CLIENT"), 10))).containsExactly(hex(5));
        assertThat(spans.traceIds(query(null, Map.of("otel.status_code", "ERROR"), 10))).containsExactly(hex(5));
        assertThat(spans.traceIds(query(null, Map.of("http.status_code", "503"), 10)))
                .as("the old and the new semantic convention").containsExactly(hex(5));
        assertThat(spans.traceIds(query(null, Map.of("tenant", "a"), 10))).containsExactly(hex(6));
        assertThat(spans.traceIds(query(null, Map.of("service.name", "web", "tenant", "a"), 10)))
                .as("resource attributes too, every tag must match").containsExactly(hex(6));
    }

    @Test
    void servicesOperationsAndDependencies() throws IOException {
        Span root = span(7, 1, "GET /cart", DAY1);
        Span child = span(7, 2, "SELECT", DAY1 + 10).toBuilder().setParentSpanId(spanId(1))
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT).build();
        apply(request("checkout", root));
        apply(request("db", child, span(7, 3, "SELECT", DAY2).toBuilder().setParentSpanId(spanId(2))
                .setKind(Span.SpanKind.SPAN_KIND_UNSPECIFIED).build()));

        assertThat(spans.services()).containsExactly("checkout", "db");
        assertThat(spans.operations("db", null)).containsExactly(new Operation("SELECT", ""),
                new Operation("SELECT", "client"));
        assertThat(spans.operations("db", "client")).containsExactly(new Operation("SELECT", "client"));
        assertThat(spans.operations("nobody", null)).isEmpty();
        assertThat(spans.dependencies(0, ALL)).as("db to db is not an edge")
                .containsExactly(new DependencyEdge("checkout", "db", 1));
        assertThat(spans.dependencies(DAY1 + 5, ALL)).as("the parent is outside the window").isEmpty();
    }

    @Test
    void linksAndCorrelationValuesAreFoundOnTheDaysThatHoldThem() throws IOException {
        apply(request("a", span(8, 1, "x", DAY1).toBuilder().addAttributes(attr("request.id", "r-9")).build()));
        apply(request("b", span(9, 1, "y", DAY2).toBuilder().addAttributes(attr("request.id", "r-9"))
                .addLinks(Span.Link.newBuilder().setTraceId(traceId(8)).setSpanId(spanId(1))).build()));

        assertThat(spans.tracesLinkingTo(traceIdOf(8), 10)).containsExactly(hex(9));
        assertThat(spans.tracesLinkingTo(traceIdOf(9), 10)).isEmpty();
        assertThat(spans.spansCarrying("r-9", 10)).containsExactly(
                new SpanRef(hex(9), HexIds.toHex(spanId(1))), new SpanRef(hex(8), HexIds.toHex(spanId(1))));
        assertThat(spans.spansCarrying("r-9", 1)).hasSize(1);
        assertThat(spans.spansCarrying("nothing", 10)).isEmpty();
        assertThat(spans.correlationKeys()).isEqualTo(CorrelationKeys.DEFAULT);

        index.dropBefore("20240302");
        assertThat(spans.spansCarrying("r-9", 10)).as("only days still in the index")
                .containsExactly(new SpanRef(hex(9), HexIds.toHex(spanId(1))));
    }
}
