package dev.sightline.query.traces;

import dev.sightline.query.http.ApiRequest;
import dev.sightline.query.http.ApiResponse;
import dev.sightline.query.http.Router;
import java.io.IOException;
import java.util.Locale;

/**
 * {@code GET /api/correlations/{id}}: every trace (and, as those signals arrive, log and exemplar) linked to a
 * trace ID or a correlation value, with no time range. 404 in Jaeger's error envelope when nothing matches.
 *
 * <pre>
 * {"id": "…", "correlationValues": [...],
 *  "traces": [{"traceID", "rootService", "rootOperation", "startTime", "duration", "spanCount", "errorCount",
 *              "services", "relation": "self|linked|linked_from|carries_id|shares_correlation"}],
 *  "spans": [{"traceID", "spanID", "service", "operation", "startTime", "duration"}],
 *  "logs": [], "exemplars": []}
 * </pre>
 */
public final class CorrelationApi {
    private final Correlations correlations;

    public CorrelationApi(Correlations correlations) {
        this.correlations = correlations;
    }

    public void register(Router router) {
        router.get("/api/correlations/{id}", this::lookup);
    }

    ApiResponse lookup(ApiRequest r) throws IOException {
        String id = r.pathParam("id").strip();
        if (id.isEmpty() || id.length() > 512) {
            return TraceApi.error(400, "correlation ID must be 1 to 512 characters, got " + id.length());
        }
        Correlations.Result result = correlations.lookup(id);
        if (result.isEmpty()) {
            return TraceApi.error(404, "no trace and no correlation value found for \"" + id + "\"");
        }
        return TraceApi.json(200, g -> {
            g.writeStartObject();
            g.writeStringField("id", result.id());
            g.writeArrayFieldStart("correlationValues");
            for (String v : result.correlationValues()) {
                g.writeString(v);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("traces");
            for (Correlations.Related t : result.traces()) {
                g.writeStartObject();
                t.summary().writeFields(g);
                g.writeStringField("relation", t.relation().name().toLowerCase(Locale.ROOT));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("spans");
            for (Correlations.SpanMatch m : result.spans()) {
                g.writeStartObject();
                g.writeStringField("traceID", m.traceId());
                g.writeStringField("spanID", m.spanId());
                g.writeStringField("service", m.service());
                g.writeStringField("operation", m.operation());
                g.writeNumberField("startTime", m.startMicros());
                g.writeNumberField("duration", m.durationMicros());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("logs");
            g.writeEndArray();
            g.writeArrayFieldStart("exemplars");
            g.writeEndArray();
            g.writeEndObject();
        });
    }
}
