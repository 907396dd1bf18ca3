package dev.sightline.query.traces;

import dev.sightline.query.http.ApiRequest;
import dev.sightline.query.http.ApiResponse;
import dev.sightline.query.http.Router;
import dev.sightline.query.logs.LogJson;
import dev.sightline.query.prometheus.PrometheusApi;
import dev.sightline.storage.logs.LogQueryException;
import dev.sightline.storage.logs.LogReader;
import dev.sightline.storage.logs.StoredLog;
import dev.sightline.storage.model.TraceId;
import dev.sightline.storage.series.MetricsReader;
import dev.sightline.storage.series.SeriesExemplars;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code GET /api/correlations/{id}}: every trace (and, as those signals arrive, log and exemplar) linked to a
 * trace ID or a correlation value, with no time range. 404 in Jaeger's error envelope when nothing matches.
 *
 * <pre>
 * {"id": "…", "correlationValues": [...],
 *  "traces": [{"traceID", "rootService", "rootOperation", "startTime", "duration", "spanCount", "errorCount",
 *              "services", "relation": "self|linked|linked_from|carries_id|shares_correlation"}],
 *  "spans": [{"traceID", "spanID", "service", "operation", "startTime", "duration"}],
 *  "logs": [records as /api/logs/search writes them, oldest first],
 *  "exemplars": [as /api/v1/query_exemplars writes them: {"seriesLabels", "exemplars": [{"labels", "value",
 *                "timestamp"}]}]}
 * </pre>
 */
public final class CorrelationApi {
    /** At most this many log records in the {@code logs} section. */
    static final int MAX_LOGS = 1000;

    private final Correlations correlations;
    private final LogReader logs;
    private final MetricsReader metrics;

    public CorrelationApi(Correlations correlations, LogReader logs, MetricsReader metrics) {
        this.correlations = correlations;
        this.logs = logs;
        this.metrics = metrics;
    }

    /** Exemplars whose trace ID is {@code id}, grouped by series; empty when {@code id} is not a trace ID. */
    private List<SeriesExemplars> exemplarsFor(String id) throws IOException {
        if (id.length() > 32 || !id.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return List.of();
        }
        try {
            return metrics.exemplarsForTrace(TraceId.parse(id));
        } catch (IllegalArgumentException notATraceId) {
            return List.of();
        }
    }

    public void register(Router router) {
        router.get("/api/correlations/{id}", this::lookup);
    }

    /**
     * Log records linked to the ID, oldest first: the records of the trace when the ID is a trace ID, and the
     * records carrying it as a correlation value. Log partitions are few (a week of days), so every one is asked.
     */
    private List<StoredLog> logsFor(String id) throws IOException {
        Set<StoredLog> out = new LinkedHashSet<>();
        try {
            if (id.length() <= 32 && id.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                try {
                    out.addAll(logs.byTrace(TraceId.parse(id).hex(), MAX_LOGS, null).records());
                } catch (IllegalArgumentException notATraceId) {
                    // all zeros: not a trace ID
                }
            }
            out.addAll(logs.byCorrelation(id, MAX_LOGS).records());
        } catch (LogQueryException e) {
            throw new IOException("log lookup for \"" + id + "\" failed: " + e.getMessage(), e);
        }
        List<StoredLog> sorted = new ArrayList<>(out);
        sorted.sort(Comparator.comparingLong(l -> StoredLog.effectiveTime(l.record())));
        return sorted.size() > MAX_LOGS ? sorted.subList(0, MAX_LOGS) : sorted;
    }

    ApiResponse lookup(ApiRequest r) throws IOException {
        String id = r.pathParam("id").strip();
        if (id.isEmpty() || id.length() > 512) {
            return TraceApi.error(400, "correlation ID must be 1 to 512 characters, got " + id.length());
        }
        Correlations.Result result = correlations.lookup(id);
        List<StoredLog> linkedLogs = logsFor(id);
        List<SeriesExemplars> exemplars = exemplarsFor(id);
        if (result.isEmpty() && linkedLogs.isEmpty() && exemplars.isEmpty()) {
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
            for (StoredLog log : linkedLogs) {
                LogJson.writeRecord(g, log);
            }
            g.writeEndArray();
            g.writeFieldName("exemplars");
            PrometheusApi.writeExemplars(g, exemplars);
            g.writeEndObject();
        });
    }
}
