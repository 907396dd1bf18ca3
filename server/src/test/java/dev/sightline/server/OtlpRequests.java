package dev.sightline.server;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.Random;

/** Builds OTLP trace requests for tests. */
final class OtlpRequests {
    private OtlpRequests() {
    }

    static byte[] randomId(Random random, int length) {
        byte[] b = new byte[length];
        do {
            random.nextBytes(b);
        } while (allZero(b));
        return b;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    static Span span(byte[] traceId, byte[] spanId, String name, long startNanos, long endNanos) {
        return Span.newBuilder()
                .setTraceId(ByteString.copyFrom(traceId))
                .setSpanId(ByteString.copyFrom(spanId))
                .setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(startNanos)
                .setEndTimeUnixNano(endNanos)
                .addAttributes(KeyValue.newBuilder().setKey("test.attr")
                        .setValue(AnyValue.newBuilder().setStringValue("v-" + name)))
                .build();
    }

    static ExportTraceServiceRequest request(String service, List<Span> spans) {
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue(service))))
                        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans)))
                .build();
    }

    static long nowNanos() {
        return System.currentTimeMillis() * 1_000_000L;
    }
}
