package dev.sightline.query.traces;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sightline.query.http.ApiRequest;
import dev.sightline.query.http.ApiResponse;
import dev.sightline.query.http.Router;
import dev.sightline.query.jaeger.JaegerModel;
import dev.sightline.storage.model.TraceId;
import dev.sightline.storage.traces.StoredSpan;
import dev.sightline.storage.traces.TraceStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Jaeger-compatible trace lookup: {@code GET /api/traces/{traceId}}. Reads the trace store, which sees a span
 * as soon as its export is acknowledged; no time range is needed.
 */
public final class TraceApi {
    private static final JsonFactory JSON = new JsonFactory();

    private final TraceStore store;

    public TraceApi(TraceStore store) {
        this.store = store;
    }

    public void register(Router router) {
        router.get("/api/traces/{traceId}", this::trace);
    }

    ApiResponse trace(ApiRequest request) throws IOException {
        String raw = request.pathParam("traceId");
        TraceId id;
        try {
            id = TraceId.parse(raw);
        } catch (IllegalArgumentException e) {
            return error(400, "malformed trace ID: " + e.getMessage());
        }
        List<StoredSpan> spans = store.trace(id);
        if (spans.isEmpty()) {
            return error(404, "trace not found: " + id.hex());
        }
        return json(200, g -> JaegerModel.writeTracesEnvelope(g, List.of(spans)));
    }

    /** A response in Jaeger's error envelope. */
    public static ApiResponse error(int code, String message) throws IOException {
        return json(code, g -> JaegerModel.writeErrorEnvelope(g, code, message));
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
