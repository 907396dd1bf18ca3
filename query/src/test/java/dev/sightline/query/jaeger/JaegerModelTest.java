package dev.sightline.query.jaeger;

import static dev.sightline.query.jaeger.JaegerTestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.traces.StoredSpan;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Envelopes, trace and span shape, IDs, order, duplicates, references, warnings and processes. */
class JaegerModelTest {
    // --- envelopes -------------------------------------------------------------------------------------

    @Test
    void tracesEnvelopeHasDataTotalLimitOffsetAndNullErrors() {
        JsonNode root = render(g -> JaegerModel.writeTracesEnvelope(g,
                List.of(List.of(stored(BACKEND, NO_SCOPE, span("01", null, 0, 10).build())),
                        List.of(stored(BACKEND, NO_SCOPE, span("02", null, 0, 10)
                                .setTraceId(id("11111111111111111111111111111111")).build())))));
        assertThat(fieldNames(root)).containsExactly("data", "total", "limit", "offset", "errors");
        assertThat(root.get("data")).hasSize(2);
        assertThat(root.get("data").get(0).get("traceID").asText()).isEqualTo(TRACE);
        assertThat(root.get("data").get(1).get("traceID").asText()).isEqualTo("11111111111111111111111111111111");
        assertThat(root.get("total").asInt()).isEqualTo(2);
        assertThat(root.get("limit").asInt()).isZero();
        assertThat(root.get("offset").asInt()).isZero();
        assertThat(root.get("errors").isNull()).isTrue();
    }

    @Test
    void emptyTracesEnvelope() {
        JsonNode root = render(g -> JaegerModel.writeTracesEnvelope(g, List.of()));
        assertThat(root.get("data").isArray()).isTrue();
        assertThat(root.get("data")).isEmpty();
        assertThat(root.get("total").asInt()).isZero();
    }

    @Test
    void errorEnvelope() {
        JsonNode root = render(g -> JaegerModel.writeErrorEnvelope(g, 404, "trace not found"));
        assertThat(fieldNames(root)).containsExactly("data", "total", "limit", "offset", "errors");
        assertThat(root.get("data").isNull()).isTrue();
        assertThat(root.get("total").asInt()).isZero();
        assertThat(root.get("errors")).hasSize(1);
        JsonNode err = root.get("errors").get(0);
        assertThat(err.get("code").asInt()).isEqualTo(404);
        assertThat(err.get("msg").asText()).isEqualTo("trace not found");

        JsonNode noCode = render(g -> JaegerModel.writeErrorEnvelope(g, 0, "x")).get("errors").get(0);
        assertThat(noCode.has("code")).isFalse();
    }

    // --- trace and span shape --------------------------------------------------------------------------

    @Test
    void traceAndSpanFieldsInJaegerOrder() {
        JsonNode trace = trace(stored(BACKEND, NO_SCOPE, span("00f067aa0ba902b7", null, 0, 1_500)
                .setFlags(0x301).build()));
        assertThat(fieldNames(trace)).containsExactly("traceID", "spans", "processes", "warnings");
        assertThat(trace.get("warnings").isNull()).isTrue();
        JsonNode span = trace.get("spans").get(0);
        assertThat(fieldNames(span)).containsExactly("traceID", "spanID", "flags", "operationName", "references",
                "startTime", "duration", "tags", "logs", "processID", "warnings");
        assertThat(span.get("traceID").asText()).isEqualTo(TRACE);
        assertThat(span.get("spanID").asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(span.get("flags").asInt()).isEqualTo(1);
        assertThat(span.get("operationName").asText()).isEqualTo("op-00f067aa0ba902b7");
        assertThat(span.get("references").isArray()).isTrue();
        assertThat(span.get("references")).isEmpty();
        assertThat(span.get("startTime").isIntegralNumber()).isTrue();
        assertThat(span.get("startTime").asLong()).isEqualTo(1_700_000_000_123_456L); // truncated
        assertThat(span.get("duration").asLong()).isEqualTo(1L); // (1500 ns) / 1000, truncated
        assertThat(span.get("tags").isArray()).isTrue();
        assertThat(span.get("tags")).isEmpty();
        assertThat(span.get("logs").isArray()).isTrue();
        assertThat(span.get("logs")).isEmpty();
        assertThat(span.get("processID").asText()).isEqualTo("p1");
        assertThat(span.get("warnings").isNull()).isTrue();
    }

    @Test
    void idsAreLowerCaseHexAtFullWidth() {
        Span s = span("ABCDEF0123456789", null, 0, 1)
                .setTraceId(ByteString.copyFrom(HexIds.fromHex("00000000000000004BF92F3577B34DA6"))).build();
        JsonNode trace = trace(stored(BACKEND, NO_SCOPE, s));
        assertThat(trace.get("traceID").asText()).isEqualTo("00000000000000004bf92f3577b34da6");
        assertThat(trace.get("spans").get(0).get("traceID").asText()).isEqualTo("00000000000000004bf92f3577b34da6");
        assertThat(trace.get("spans").get(0).get("spanID").asText()).isEqualTo("abcdef0123456789");
    }

    @Test
    void flagsFollowTheSampledBitOnly() {
        JsonNode unsampled = trace(stored(BACKEND, NO_SCOPE, span("01", null, 0, 1).setFlags(0x300).build()))
                .get("spans").get(0);
        assertThat(unsampled.has("flags")).isFalse(); // Jaeger's "flags,omitempty"
        JsonNode noFlags = trace(stored(BACKEND, NO_SCOPE, span("01", null, 0, 1).build())).get("spans").get(0);
        assertThat(noFlags.has("flags")).isFalse();
    }

    @Test
    void durationIsZeroWhenTheSpanEndsBeforeItStarts() {
        Span s = span("01", null, 5_000, 0).setEndTimeUnixNano(T0 + 1_000).build();
        JsonNode span = trace(stored(BACKEND, NO_SCOPE, s)).get("spans").get(0);
        assertThat(span.get("duration").asLong()).isZero();
        assertThat(span.get("startTime").asLong()).isEqualTo((T0 + 5_000) / 1000);
    }

    @Test
    void spansSortedByStartTimeThenSpanIdAndDuplicatesWrittenOnce() {
        List<StoredSpan> in = List.of(
                stored(BACKEND, NO_SCOPE, span("0000000000000003", null, 300, 10).build()),
                stored(BACKEND, NO_SCOPE, span("0000000000000002", null, 100, 10).build()),
                stored(BACKEND, NO_SCOPE, span("0000000000000001", null, 100, 10).build()),
                stored(BACKEND, NO_SCOPE, span("0000000000000002", null, 100, 10).setName("again").build()));
        JsonNode spans = trace(in.toArray(StoredSpan[]::new)).get("spans");
        assertThat(spans).hasSize(3);
        assertThat(texts(spans, "spanID")).containsExactly("0000000000000001", "0000000000000002",
                "0000000000000003");
        assertThat(spans.get(1).get("operationName").asText()).isEqualTo("op-0000000000000002"); // the first given
    }

    // --- references ---------------------------------------------------------------------------------------

    @Test
    void parentIsChildOfFirstAndLinksFollowFrom() {
        Span parent = span("00000000000000aa", null, 0, 100).build();
        Span child = span("00000000000000bb", "00000000000000aa", 10, 50)
                .addLinks(link("22222222222222222222222222222222", "00000000000000cc"))
                .addLinks(link(TRACE, "00000000000000dd").addAttributes(str("opentracing.ref_type", "child_of")))
                .addLinks(link(TRACE, "00000000000000ee").addAttributes(str("opentracing.ref_type", "follows_from")))
                .build();
        JsonNode refs = span(trace(stored(BACKEND, NO_SCOPE, parent), stored(BACKEND, NO_SCOPE, child)), 1)
                .get("references");
        assertThat(refs).hasSize(4);
        assertRef(refs.get(0), "CHILD_OF", TRACE, "00000000000000aa");
        assertRef(refs.get(1), "FOLLOWS_FROM", "22222222222222222222222222222222", "00000000000000cc");
        assertRef(refs.get(2), "CHILD_OF", TRACE, "00000000000000dd");
        assertRef(refs.get(3), "FOLLOWS_FROM", TRACE, "00000000000000ee");
        assertThat(fieldNames(refs.get(0))).containsExactly("refType", "traceID", "spanID");
    }

    @Test
    void linkToTheParentSetsTheParentReferenceTypeInsteadOfRepeatingIt() {
        Span parent = span("00000000000000aa", null, 0, 100).build();
        Span child = span("00000000000000bb", "00000000000000aa", 10, 50)
                .addLinks(link(TRACE, "00000000000000aa")).build();
        JsonNode refs = span(trace(stored(BACKEND, NO_SCOPE, parent), stored(BACKEND, NO_SCOPE, child)), 1)
                .get("references");
        assertThat(refs).hasSize(1);
        assertRef(refs.get(0), "FOLLOWS_FROM", TRACE, "00000000000000aa");
    }

    @Test
    void linkWithEmptyTraceIdIsRemovedWithAWarning() {
        Span s = span("01", null, 0, 1).addLinks(Span.Link.newBuilder()
                .setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(id("00000000000000cc"))).build();
        JsonNode span = trace(stored(BACKEND, NO_SCOPE, s)).get("spans").get(0);
        assertThat(span.get("references")).isEmpty();
        assertThat(texts(span.get("warnings"))).containsExactly("Invalid span link removed");
    }

    @Test
    void orphanSpanGetsJaegersMissingParentWarning() {
        Span orphan = span("00000000000000bb", "00000000000000ff", 0, 10).build();
        Span root = span("00000000000000aa", null, 1, 10).build();
        JsonNode trace = trace(stored(BACKEND, NO_SCOPE, orphan), stored(BACKEND, NO_SCOPE, root));
        JsonNode o = trace.get("spans").get(0);
        assertThat(o.get("spanID").asText()).isEqualTo("00000000000000bb");
        assertRef(o.get("references").get(0), "CHILD_OF", TRACE, "00000000000000ff");
        assertThat(texts(o.get("warnings"))).containsExactly(
                "parent span ID=00000000000000ff is not in the trace; skipping clock skew adjustment");
        assertThat(trace.get("spans").get(1).get("warnings").isNull()).isTrue();
    }

    // --- processes ----------------------------------------------------------------------------------------

    @Test
    void oneProcessPerDistinctResourceNumberedInSpanOrder() {
        ResourceSpans backendAgain = resource(str("service.name", "backend")); // equal content, another object
        JsonNode trace = trace(
                stored(FRONTEND, NO_SCOPE, span("0000000000000002", null, 20, 1).build()),
                stored(BACKEND, NO_SCOPE, span("0000000000000001", null, 10, 1).build()),
                stored(backendAgain, NO_SCOPE, span("0000000000000003", null, 30, 1).build()));
        JsonNode spans = trace.get("spans");
        assertThat(texts(spans, "processID")).containsExactly("p1", "p2", "p1");
        JsonNode processes = trace.get("processes");
        assertThat(fieldNames(processes)).containsExactly("p1", "p2");
        assertThat(fieldNames(processes.get("p1"))).containsExactly("serviceName", "tags");
        assertThat(processes.get("p1").get("serviceName").asText()).isEqualTo("backend");
        assertThat(processes.get("p1").get("tags").isArray()).isTrue();
        assertThat(processes.get("p1").get("tags")).isEmpty();
        JsonNode p2 = processes.get("p2");
        assertThat(p2.get("serviceName").asText()).isEqualTo("frontend");
        // sorted by key, service.name left out, the packed "ip" written as a dotted address
        assertThat(texts(p2.get("tags"), "key")).containsExactly("a.first", "host.name", "ip");
        assertTag(byKey(p2.get("tags")), "host.name", "string", "web-1");
        assertTag(byKey(p2.get("tags")), "ip", "string", "10.0.0.1");
    }

    @Test
    void missingAndEmptyServiceNamesGetJaegersPlaceholders() {
        ResourceSpans missing = resource(str("host.name", "h"));
        ResourceSpans empty = resource(str("service.name", ""));
        ResourceSpans none = resource();
        JsonNode trace = trace(stored(missing, NO_SCOPE, span("01", null, 0, 1).build()),
                stored(empty, NO_SCOPE, span("02", null, 1, 1).build()),
                stored(none, NO_SCOPE, span("03", null, 2, 1).build()));
        JsonNode processes = trace.get("processes");
        assertThat(processes.get("p1").get("serviceName").asText()).isEqualTo("missing-service-name");
        assertThat(texts(processes.get("p1").get("tags"), "key")).containsExactly("host.name");
        assertThat(processes.get("p2").get("serviceName").asText()).isEqualTo("empty-service-name");
        assertThat(processes.get("p3").get("serviceName").asText()).isEqualTo("missing-service-name");
        assertThat(processes.get("p3").get("tags")).isEmpty();
    }

    @Test
    void librarySpanAttributesMoveToTheProcessUnlessTheyConflict() {
        ResourceSpans withSdk = resource(str("service.name", "svc"), str("telemetry.sdk.language", "java"));
        Span moves = span("01", null, 0, 1).addAttributes(str("telemetry.sdk.name", "opentelemetry"))
                .addAttributes(str("telemetry.sdk.language", "java")).addAttributes(str("http.method", "GET"))
                .build();
        Span conflicts = span("02", null, 1, 1).addAttributes(str("telemetry.sdk.language", "go")).build();
        JsonNode trace = trace(stored(withSdk, NO_SCOPE, moves), stored(withSdk, NO_SCOPE, conflicts));
        JsonNode first = trace.get("spans").get(0);
        assertThat(texts(first.get("tags"), "key")).containsExactly("http.method");
        assertThat(first.get("warnings").isNull()).isTrue();
        JsonNode second = trace.get("spans").get(1);
        assertThat(texts(second.get("tags"), "key")).containsExactly("telemetry.sdk.language");
        assertThat(texts(second.get("warnings"))).containsExactly(
                "conflicting values between Span and Resource for attribute telemetry.sdk.language");
        JsonNode processes = trace.get("processes");
        assertThat(first.get("processID").asText()).isEqualTo("p1");
        assertThat(second.get("processID").asText()).isEqualTo("p2");
        assertThat(texts(processes.get("p1").get("tags"), "key")).containsExactly("telemetry.sdk.language",
                "telemetry.sdk.name");
        assertThat(texts(processes.get("p2").get("tags"), "key")).containsExactly("telemetry.sdk.language");
    }

    @Test
    void emptyTraceHasNoSpansAndNoProcesses() {
        JsonNode trace = render(g -> JaegerModel.writeTrace(g, List.of()));
        assertThat(trace.get("traceID").asText()).isEmpty();
        assertThat(trace.get("spans")).isEmpty();
        assertThat(trace.get("processes").isObject()).isTrue();
        assertThat(trace.get("processes")).isEmpty();
        assertThat(trace.get("warnings").isNull()).isTrue();
    }
}
