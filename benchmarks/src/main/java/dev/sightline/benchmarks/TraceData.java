package dev.sightline.benchmarks;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Random;

/** Seeded, realistic trace batches: several services, ~10 attributes per span, parent links. */
public final class TraceData {
    private static final String[] SERVICES = {"frontend", "checkout", "cart", "payment", "shipping", "currency"};
    private static final String[] ROUTES = {"/api/cart", "/api/checkout", "/api/orders/{id}", "/api/products"};

    private TraceData() {
    }

    /** A request of {@code spans} spans in traces of 8 spans each, spread over the services. */
    public static ExportTraceServiceRequest batch(long seed, int spans) {
        return batch(seed, spans, System.currentTimeMillis() * 1_000_000L);
    }

    /** As {@link #batch(long, int)}, with spans starting in the second after {@code nowNanos}. */
    public static ExportTraceServiceRequest batch(long seed, int spans, long nowNanos) {
        Random r = new Random(seed);
        ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
        ScopeSpans.Builder[] scopes = new ScopeSpans.Builder[SERVICES.length];
        for (int i = 0; i < SERVICES.length; i++) {
            scopes[i] = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder()
                    .setName("io.opentelemetry.http").setVersion("2.11.0"));
        }
        long now = nowNanos;
        byte[] trace = new byte[16];
        byte[] parent = null;
        for (int i = 0; i < spans; i++) {
            if (i % 8 == 0) {
                r.nextBytes(trace);
                trace[0] |= 1;
                parent = null;
            }
            byte[] id = new byte[8];
            r.nextBytes(id);
            id[0] |= 1;
            int svc = r.nextInt(SERVICES.length);
            long start = now + r.nextInt(1_000_000_000);
            Span.Builder s = Span.newBuilder()
                    .setTraceId(ByteString.copyFrom(trace))
                    .setSpanId(ByteString.copyFrom(id))
                    .setName(ROUTES[r.nextInt(ROUTES.length)])
                    .setKind(parent == null ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CLIENT)
                    .setStartTimeUnixNano(start)
                    .setEndTimeUnixNano(start + 1_000_000L + r.nextInt(50_000_000));
            if (parent != null) {
                s.setParentSpanId(ByteString.copyFrom(parent));
            }
            s.addAttributes(kv("http.request.method", r.nextBoolean() ? "GET" : "POST"));
            s.addAttributes(kvInt("http.response.status_code", r.nextInt(10) == 0 ? 500 : 200));
            s.addAttributes(kv("url.path", ROUTES[r.nextInt(ROUTES.length)]));
            s.addAttributes(kv("server.address", SERVICES[svc] + ".svc.cluster.local"));
            s.addAttributes(kvInt("server.port", 8080));
            s.addAttributes(kv("network.protocol.version", "1.1"));
            s.addAttributes(kv("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0"));
            s.addAttributes(kv("correlation.id", "order-" + r.nextInt(1_000_000)));
            s.addAttributes(kvInt("http.request.body.size", r.nextInt(10_000)));
            s.addAttributes(kv("client.address", "10.0." + r.nextInt(256) + "." + r.nextInt(256)));
            scopes[svc].addSpans(s);
            parent = id;
        }
        for (int i = 0; i < SERVICES.length; i++) {
            if (scopes[i].getSpansCount() > 0) {
                req.addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(kv("service.name", SERVICES[i]))
                                .addAttributes(kv("service.version", "1.4.2"))
                                .addAttributes(kv("host.name", SERVICES[i] + "-7d9f8c-x2k4p"))
                                .addAttributes(kv("telemetry.sdk.language", "java")))
                        .addScopeSpans(scopes[i]));
            }
        }
        return req.build();
    }

    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    private static KeyValue kvInt(String k, long v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
    }
}
