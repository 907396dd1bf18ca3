package dev.sightline.query.traces;

import dev.sightline.query.http.ApiRequest;
import dev.sightline.query.http.ApiResponse;
import dev.sightline.query.http.Router;
import dev.sightline.storage.spans.DependencyEdge;
import dev.sightline.storage.spans.Operation;
import dev.sightline.storage.spans.SpanReader;
import java.io.IOException;
import java.util.List;

/**
 * Jaeger's catalogue and graph endpoints: {@code /api/services}, {@code /api/services/{service}/operations},
 * {@code /api/operations?service=…&spanKind=…}, {@code /api/dependencies?endTs=…&lookback=…}.
 */
public final class ServiceApi {
    /** Jaeger's default dependency lookback. */
    static final long DEFAULT_DEPENDENCY_LOOKBACK_NANOS = 24L * 3_600_000_000_000L;

    private final SpanReader spans;

    public ServiceApi(SpanReader spans) {
        this.spans = spans;
    }

    public void register(Router router) {
        router.get("/api/services", r -> {
            List<String> services = spans.services();
            return TraceApi.envelope(services.size(), g -> {
                g.writeStartArray();
                for (String s : services) {
                    g.writeString(s);
                }
                g.writeEndArray();
            });
        });
        router.get("/api/services/{service}/operations", r -> {
            List<String> names = spans.operations(r.pathParam("service"), null).stream()
                    .map(Operation::name).distinct().toList();
            return TraceApi.envelope(names.size(), g -> {
                g.writeStartArray();
                for (String n : names) {
                    g.writeString(n);
                }
                g.writeEndArray();
            });
        });
        router.get("/api/operations", this::operations);
        router.get("/api/dependencies", this::dependencies);
    }

    private ApiResponse operations(ApiRequest r) throws IOException {
        String service = r.param("service");
        if (service == null || service.isBlank()) {
            return TraceApi.error(400, "parameter 'service' is required");
        }
        String kind = r.param("spanKind");
        if (kind != null && !kind.isEmpty() && !List.of("server", "client", "producer", "consumer", "internal",
                "unspecified").contains(kind)) {
            return TraceApi.error(400, "unable to parse param 'spanKind': must be one of server, client, producer, "
                    + "consumer, internal, unspecified; got \"" + kind + "\"");
        }
        List<Operation> ops = spans.operations(service, kind);
        return TraceApi.envelope(ops.size(), g -> {
            g.writeStartArray();
            for (Operation op : ops) {
                g.writeStartObject();
                g.writeStringField("name", op.name());
                g.writeStringField("spanKind", op.spanKind());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private ApiResponse dependencies(ApiRequest r) throws IOException {
        long end;
        long lookback;
        try {
            end = r.param("endTs") == null ? System.currentTimeMillis() * 1_000_000L
                    : JaegerParams.millisToNanos("endTs", r.param("endTs"));
            lookback = r.param("lookback") == null ? DEFAULT_DEPENDENCY_LOOKBACK_NANOS
                    : JaegerParams.millisToNanos("lookback", r.param("lookback"));
        } catch (BadParameterException e) {
            return TraceApi.error(400, e.getMessage());
        }
        List<DependencyEdge> edges = spans.dependencies(Math.max(0, end - lookback), end);
        return TraceApi.envelope(edges.size(), g -> {
            g.writeStartArray();
            for (DependencyEdge e : edges) {
                g.writeStartObject();
                g.writeStringField("parent", e.parent());
                g.writeStringField("child", e.child());
                g.writeNumberField("callCount", e.callCount());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }
}
