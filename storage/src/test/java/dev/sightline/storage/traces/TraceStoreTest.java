package dev.sightline.storage.traces;

import dev.sightline.storage.model.CorrelationKeys;
import static dev.sightline.storage.testing.TestSpans.MARCH_1_NOON;
import static dev.sightline.storage.testing.TestSpans.attr;
import static dev.sightline.storage.testing.TestSpans.spanId;
import static dev.sightline.storage.testing.TestSpans.traceId;
import static dev.sightline.storage.testing.TestSpans.traceIdOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.sightline.storage.model.Signal;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.EntityRef;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceStoreTest {
    private static final long TRACE_A = 1;
    private static final long TRACE_B = 2;

    @TempDir
    Path dir;

    /** One attribute of every AnyValue kind, nested ones included. */
    static List<KeyValue> everyKindOfAttribute() {
        return List.of(
                attr("s", AnyValue.newBuilder().setStringValue("text with ünïcode").build()),
                attr("b", AnyValue.newBuilder().setBoolValue(true).build()),
                attr("i", AnyValue.newBuilder().setIntValue(-42).build()),
                attr("d", AnyValue.newBuilder().setDoubleValue(3.25).build()),
                attr("bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {0, 1, (byte) 0xff})).build()),
                attr("arr", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setStringValue("x"))
                        .addValues(AnyValue.newBuilder().setIntValue(7))
                        .addValues(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                                .addValues(AnyValue.newBuilder().setBoolValue(false))))).build()),
                attr("kv", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(attr("inner", "v"))
                        .addValues(attr("nested", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                                .addValues(attr("deep", AnyValue.newBuilder().setDoubleValue(-0.5).build()))).build())))
                        .build()),
                attr("strindex", AnyValue.newBuilder().setStringValueStrindex(3).build()),
                attr("empty", AnyValue.getDefaultInstance()));
    }

    /** A span with every field set. */
    static Span fullSpan(long trace, long span) {
        return Span.newBuilder()
                .setTraceId(traceId(trace))
                .setSpanId(spanId(span))
                .setTraceState("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
                .setParentSpanId(spanId(100 + span))
                .setFlags(0x301)
                .setName("GET /cart/" + span)
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(MARCH_1_NOON + span)
                .setEndTimeUnixNano(MARCH_1_NOON + span + 1_234_567)
                .addAllAttributes(everyKindOfAttribute())
                .setDroppedAttributesCount(3)
                .addEvents(Span.Event.newBuilder()
                        .setTimeUnixNano(MARCH_1_NOON + span + 10)
                        .setName("exception")
                        .addAttributes(attr("exception.message", "boom"))
                        .setDroppedAttributesCount(1))
                .addEvents(Span.Event.newBuilder().setTimeUnixNano(MARCH_1_NOON + span + 20).setName("retry"))
                .setDroppedEventsCount(4)
                .addLinks(Span.Link.newBuilder()
                        .setTraceId(traceId(99))
                        .setSpanId(spanId(99))
                        .setTraceState("k=v")
                        .addAttributes(attr("link.kind", "follows"))
                        .setDroppedAttributesCount(2)
                        .setFlags(0x101))
                .setDroppedLinksCount(5)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("upstream failed"))
                .build();
    }

    private static ScopeSpans scope(String name, String schemaUrl, Span... spans) {
        return ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder()
                        .setName(name)
                        .setVersion("2.1.0")
                        .addAttributes(attr("scope.attr", "yes"))
                        .setDroppedAttributesCount(6))
                .setSchemaUrl(schemaUrl)
                .addAllSpans(Arrays.asList(spans))
                .build();
    }

    private static ResourceSpans resource(String service, String schemaUrl, ScopeSpans... scopes) {
        return ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder()
                        .addAttributes(attr("service.name", service))
                        .addAttributes(attr("host.name", "host-" + service))
                        .addAttributes(attr("cpu.count", AnyValue.newBuilder().setIntValue(8).build()))
                        .setDroppedAttributesCount(7)
                        .addEntityRefs(EntityRef.newBuilder().setType("service").addIdKeys("service.name")))
                .setSchemaUrl(schemaUrl)
                .addAllScopeSpans(Arrays.asList(scopes))
                .build();
    }

    /** Two resources; trace A has spans under both, trace B under the first only. */
    static ExportTraceServiceRequest twoResourcesTwoTraces() {
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(resource("checkout", "https://opentelemetry.io/schemas/1.24.0",
                        scope("io.opentelemetry.http", "https://opentelemetry.io/schemas/1.21.0",
                                fullSpan(TRACE_A, 3), fullSpan(TRACE_B, 1)),
                        scope("io.opentelemetry.jdbc", "https://example.com/scope-schema",
                                fullSpan(TRACE_A, 1))))
                .addResourceSpans(resource("payments", "https://example.com/resource-schema",
                        scope("io.opentelemetry.grpc", "", fullSpan(TRACE_A, 2), fullSpan(TRACE_B, 4))))
                .build();
    }

    /** What trace(id) must return for {@code request}: every span of the trace with its resource and scope. */
    private static List<StoredSpan> expected(ExportTraceServiceRequest request, long trace) {
        ByteString id = traceId(trace);
        return request.getResourceSpansList().stream()
                .flatMap(rs -> rs.getScopeSpansList().stream()
                        .flatMap(ss -> ss.getSpansList().stream()
                                .filter(s -> s.getTraceId().equals(id))
                                .map(s -> new StoredSpan(rs.toBuilder().clearScopeSpans().build(),
                                        ss.toBuilder().clearSpans().build(), s))))
                .sorted((x, y) -> ByteString.unsignedLexicographicalComparator()
                        .compare(x.span().getSpanId(), y.span().getSpanId()))
                .toList();
    }

    @Test
    void fixtureSetsEverySpanFieldAndEveryValueKind() {
        Span span = fullSpan(TRACE_A, 1);
        assertThat(span.getAllFields().keySet()).containsExactlyInAnyOrderElementsOf(Span.getDescriptor().getFields());
        Set<AnyValue.ValueCase> kinds = EnumSet.noneOf(AnyValue.ValueCase.class);
        span.getAttributesList().forEach(kv -> kinds.add(kv.getValue().getValueCase()));
        assertThat(kinds).containsExactlyInAnyOrder(AnyValue.ValueCase.values());
    }

    @Test
    void traceReturnsExactlyThatTracesSpansWithResourceAndScope() throws IOException {
        ExportTraceServiceRequest request = twoResourcesTwoTraces();
        try (TraceStore store = TraceStore.open(dir, CorrelationKeys.DEFAULT)) {
            assertThat(store.accepts(Signal.TRACES)).isTrue();
            assertThat(store.accepts(Signal.LOGS)).isFalse();
            assertThat(store.accepts(Signal.METRICS)).isFalse();
            store.apply(10, Signal.TRACES, request);

            List<StoredSpan> a = store.trace(traceIdOf(TRACE_A));
            assertThat(a).hasSize(3).isEqualTo(expected(request, TRACE_A));
            assertThat(a).extracting(s -> s.span().getSpanId()).containsExactly(spanId(1), spanId(2), spanId(3));
            // Spot checks on top of the equality above, so a failure says what was lost.
            StoredSpan first = a.getFirst();
            assertThat(first.span()).isEqualTo(fullSpan(TRACE_A, 1));
            assertThat(first.scope().getScope().getName()).isEqualTo("io.opentelemetry.jdbc");
            assertThat(first.scope().getSchemaUrl()).isEqualTo("https://example.com/scope-schema");
            assertThat(first.scope().getSpansList()).isEmpty();
            assertThat(first.resource().getSchemaUrl()).isEqualTo("https://opentelemetry.io/schemas/1.24.0");
            assertThat(first.resource().getResource().getAttributesList()).contains(attr("service.name", "checkout"));
            assertThat(first.resource().getScopeSpansList()).isEmpty();
            assertThat(a.get(1).resource().getResource().getAttributesList()).contains(attr("service.name", "payments"));
            assertThat(a.get(1).resource().getSchemaUrl()).isEqualTo("https://example.com/resource-schema");

            assertThat(store.trace(traceIdOf(TRACE_B))).hasSize(2).isEqualTo(expected(request, TRACE_B));
        }
    }

    @Test
    void unknownTraceIsEmpty() throws IOException {
        try (TraceStore store = TraceStore.open(dir, CorrelationKeys.DEFAULT)) {
            assertThat(store.trace(traceIdOf(TRACE_A))).isEmpty();
            store.apply(1, Signal.TRACES, twoResourcesTwoTraces());
            assertThat(store.trace(traceIdOf(3))).isEmpty();
            assertThat(store.trace(traceIdOf(0x7fff_ffff_ffff_ffffL))).isEmpty();
        }
    }

    @Test
    void applyingTheSameRequestTwiceStoresEachSpanOnce() throws IOException {
        ExportTraceServiceRequest request = twoResourcesTwoTraces();
        try (TraceStore store = TraceStore.open(dir, CorrelationKeys.DEFAULT)) {
            store.apply(1, Signal.TRACES, request);
            store.apply(2, Signal.TRACES, request);
            store.commit(2);
            store.apply(2, Signal.TRACES, request); // a replay after a crash
            assertThat(store.trace(traceIdOf(TRACE_A))).isEqualTo(expected(request, TRACE_A));
            assertThat(store.trace(traceIdOf(TRACE_B))).isEqualTo(expected(request, TRACE_B));
        }
    }

    @Test
    void spansSentInSeparateBatchesJoinTheSameTrace() throws IOException {
        ExportTraceServiceRequest one = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(resource("a", "", scope("s", "", fullSpan(TRACE_A, 5)))).build();
        ExportTraceServiceRequest two = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(resource("b", "", scope("s", "", fullSpan(TRACE_A, 6)))).build();
        try (TraceStore store = TraceStore.open(dir, CorrelationKeys.DEFAULT)) {
            store.apply(1, Signal.TRACES, one);
            store.apply(2, Signal.TRACES, two);
            List<StoredSpan> spans = store.trace(traceIdOf(TRACE_A));
            assertThat(spans).hasSize(2);
            assertThat(spans.get(0).resource().getResource().getAttributesList()).contains(attr("service.name", "a"));
            assertThat(spans.get(1).resource().getResource().getAttributesList()).contains(attr("service.name", "b"));
        }
    }

    @Test
    void committedDataSurvivesCloseAndReopen() throws IOException {
        ExportTraceServiceRequest request = twoResourcesTwoTraces();
        try (TraceStore store = TraceStore.open(dir, CorrelationKeys.DEFAULT)) {
            store.apply(1, Signal.TRACES, request);
            store.commit(1);
        }
        // A fresh store has no cached resources: these come back from disk.
        try (TraceStore store = TraceStore.open(dir, CorrelationKeys.DEFAULT)) {
            assertThat(store.trace(traceIdOf(TRACE_A))).isEqualTo(expected(request, TRACE_A));
            assertThat(store.trace(traceIdOf(TRACE_B))).isEqualTo(expected(request, TRACE_B));
            // Re-applying after reopen (a replay) still leaves one copy of each span.
            store.apply(1, Signal.TRACES, request);
            assertThat(store.trace(traceIdOf(TRACE_A))).isEqualTo(expected(request, TRACE_A));
        }
    }

    @Test
    void closeIsIdempotent() throws IOException {
        TraceStore store = TraceStore.open(dir, CorrelationKeys.DEFAULT);
        store.close();
        store.close();
        try (TraceStore again = TraceStore.open(dir, CorrelationKeys.DEFAULT)) {
            assertThat(again.trace(traceIdOf(TRACE_A))).isEmpty();
        }
    }
}
