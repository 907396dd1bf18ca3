package dev.sightline.storage.testing;

import com.google.protobuf.ByteString;
import dev.sightline.storage.model.TraceId;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/** Small OTLP trace requests for storage tests, built with the protobuf builders. */
public final class TestSpans {
    /** 2024-03-01T12:00:00Z in Unix nanoseconds. */
    public static final long MARCH_1_NOON = Instant.parse("2024-03-01T12:00:00Z").getEpochSecond() * 1_000_000_000L;

    private TestSpans() {
    }

    /** A valid (non-zero) 16-byte trace ID derived from {@code n}. */
    public static ByteString traceId(long n) {
        return ByteString.copyFrom(ByteBuffer.allocate(TraceId.LENGTH).putLong(0x7ace_0000_0000_0000L).putLong(n).array());
    }

    public static TraceId traceIdOf(long n) {
        return new TraceId(traceId(n));
    }

    /** A valid (non-zero) 8-byte span ID derived from {@code n}. */
    public static ByteString spanId(long n) {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(0x5a00_0000_0000_0000L | n).array());
    }

    public static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    public static KeyValue attr(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    /** A minimal span of trace {@code trace}, starting at {@code startNanos} and lasting one millisecond. */
    public static Span span(long trace, long spanN, String name, long startNanos) {
        return Span.newBuilder()
                .setTraceId(traceId(trace))
                .setSpanId(spanId(spanN))
                .setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(startNanos)
                .setEndTimeUnixNano(startNanos + 1_000_000)
                .build();
    }

    public static ResourceSpans resourceSpans(String service, List<Span> spans) {
        return ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(attr("service.name", service)))
                .addScopeSpans(ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("test-scope").setVersion("1.0"))
                        .addAllSpans(spans))
                .build();
    }

    /** One resource (with {@code service.name} = {@code service}), one scope, the given spans. */
    public static ExportTraceServiceRequest request(String service, Span... spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(resourceSpans(service, List.of(spans))).build();
    }
}
