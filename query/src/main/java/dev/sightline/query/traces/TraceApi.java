package dev.sightline.query.traces;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sightline.query.http.ApiRequest;
import dev.sightline.query.http.ApiResponse;
import dev.sightline.query.http.Router;
import dev.sightline.query.jaeger.JaegerModel;
import dev.sightline.storage.model.TraceId;
import dev.sightline.storage.spans.SpanReader;
import dev.sightline.storage.spans.TraceQuery;
import dev.sightline.storage.traces.StoredSpan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Jaeger-compatible trace queries: {@code GET /api/traces/{traceId}} (no time range needed; sees a span as soon
 * as its export is acknowledged) and {@code GET /api/traces?service=…&operation=…&tags=…&start=…&end=…
 * &minDuration=…&maxDuration=…&limit=…} (or {@code traceID=…} repeated).
 */
public final class TraceApi {
    private static final JsonFactory JSON = new JsonFactory();
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1500;
    /** Without {@code start}, searches look back this far from {@code end}. */
    static final long DEFAULT_LOOKBACK_NANOS = 48L * 3_600_000_000_000L;

    private final SpanReader spans;

    public TraceApi(SpanReader spans) {
        this.spans = spans;
    }

    public void register(Router router) {
        router.get("/api/traces/{traceId}", this::trace);
        router.get("/api/traces", this::search);
    }

    ApiResponse trace(ApiRequest request) throws IOException {
        String raw = request.pathParam("traceId");
        TraceId id;
        try {
            id = TraceId.parse(raw);
        } catch (IllegalArgumentException e) {
            return error(400, "malformed trace ID: " + e.getMessage());
        }
        List<StoredSpan> trace = spans.trace(id);
        if (trace.isEmpty()) {
            return error(404, "trace not found: " + id.hex());
        }
        return json(200, g -> JaegerModel.writeTracesEnvelope(g, List.of(trace)));
    }

    ApiResponse search(ApiRequest request) throws IOException {
        List<List<StoredSpan>> traces = new ArrayList<>();
        try {
            List<String> ids = request.params().get("traceID");
            if (ids != null && !ids.isEmpty()) {
                for (String raw : ids) {
                    List<StoredSpan> t = spans.trace(parseTraceId(raw));
                    if (!t.isEmpty()) {
                        traces.add(t);
                    }
                }
            } else {
                for (String hex : spans.traceIds(query(request))) {
                    List<StoredSpan> t = spans.trace(TraceId.parse(hex));
                    if (!t.isEmpty()) {
                        traces.add(t);
                    }
                }
            }
        } catch (BadParameterException e) {
            return error(400, e.getMessage());
        }
        return json(200, g -> JaegerModel.writeTracesEnvelope(g, traces));
    }

    private static TraceId parseTraceId(String raw) throws BadParameterException {
        try {
            return TraceId.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("traceID", e.getMessage());
        }
    }

    static TraceQuery query(ApiRequest r) throws BadParameterException {
        String service = blankToNull(r.param("service"));
        String operation = blankToNull(r.param("operation"));
        long end = r.param("end") == null ? System.currentTimeMillis() * 1_000_000L
                : JaegerParams.microsToNanos("end", r.param("end"));
        long start;
        if (r.param("start") != null) {
            start = JaegerParams.microsToNanos("start", r.param("start"));
        } else if (r.param("lookback") != null && !r.param("lookback").equals("custom")) {
            start = Math.max(0, end - JaegerParams.durationNanos("lookback", r.param("lookback")));
        } else {
            start = Math.max(0, end - DEFAULT_LOOKBACK_NANOS);
        }
        if (start > end) {
            throw new BadParameterException("start", "start (" + start / 1000 + ") is after end (" + end / 1000 + ")");
        }
        long min = r.param("minDuration") == null || r.param("minDuration").isBlank() ? 0
                : JaegerParams.durationNanos("minDuration", r.param("minDuration"));
        long max = r.param("maxDuration") == null || r.param("maxDuration").isBlank() ? Long.MAX_VALUE
                : JaegerParams.durationNanos("maxDuration", r.param("maxDuration"));
        if (min > max) {
            throw new BadParameterException("maxDuration", "maxDuration must be at least minDuration");
        }
        int limit = JaegerParams.limit(r.param("limit"), DEFAULT_LIMIT, MAX_LIMIT);
        return new TraceQuery(service, operation, JaegerParams.tags(r.params().get("tags"), r.params().get("tag")),
                start, end, min, max, limit);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** A response in Jaeger's error envelope. */
    public static ApiResponse error(int code, String message) throws IOException {
        return json(code, g -> JaegerModel.writeErrorEnvelope(g, code, message));
    }

    /** Jaeger's envelope around any data: {@code {"data":…,"total":n,"limit":0,"offset":0,"errors":null}}. */
    public static ApiResponse envelope(int total, JsonBody data) throws IOException {
        return json(200, g -> {
            g.writeStartObject();
            g.writeFieldName("data");
            data.write(g);
            g.writeNumberField("total", total);
            g.writeNumberField("limit", 0);
            g.writeNumberField("offset", 0);
            g.writeNullField("errors");
            g.writeEndObject();
        });
    }

    /** Writes JSON with {@code body} into a response. */
    public static ApiResponse json(int status, JsonBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        }
        return ApiResponse.json(status, out.toByteArray());
    }

    /** Something that writes a JSON value. */
    @FunctionalInterface
    public interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }
}
