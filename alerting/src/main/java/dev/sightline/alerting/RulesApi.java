package dev.sightline.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.query.http.ApiRequest;
import dev.sightline.query.http.ApiResponse;
import dev.sightline.query.http.Router;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prometheus' rule endpoints: {@code GET /api/v1/rules} (groups, rules, their health and alerts),
 * {@code GET /api/v1/alerts} (active alerts) and {@code POST /-/reload} (reload the rules folder: 200, or 500
 * naming every error while the previous rules stay active). The JSON is Prometheus', field for field.
 */
public final class RulesApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

    private final RuleManager rules;

    public RulesApi(RuleManager rules) {
        this.rules = rules;
    }

    public void register(Router router) {
        router.get("/api/v1/rules", this::rules);
        router.get("/api/v1/alerts", this::alerts);
        router.add("POST", "/-/reload", this::reload);
        router.add("PUT", "/-/reload", this::reload);
    }

    ApiResponse rules(ApiRequest r) throws IOException {
        String type = r.param("type");
        List<Object> groups = new ArrayList<>();
        for (RuleGroup g : rules.groups()) {
            List<Object> out = new ArrayList<>();
            for (Rule rule : g.rules()) {
                boolean alerting = rule instanceof AlertingRule;
                if (type != null && !type.isEmpty() && !type.equals(alerting ? "alert" : "record")) {
                    continue;
                }
                out.add(rule(rule));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", g.name());
            m.put("file", g.file());
            m.put("rules", out);
            m.put("interval", g.intervalMs() / 1000.0);
            m.put("limit", 0);
            m.put("evaluationTime", g.evaluationSeconds());
            m.put("lastEvaluation", time(g.lastEvaluation()));
            groups.add(m);
        }
        return success(Map.of("groups", groups));
    }

    private static Map<String, Object> rule(Rule rule) {
        Map<String, Object> m = new LinkedHashMap<>();
        RuleHealth h = rule.health();
        switch (rule) {
            case AlertingRule a -> {
                m.put("state", a.state().text());
                m.put("name", a.name());
                m.put("query", a.query());
                m.put("duration", a.forMs() / 1000.0);
                m.put("keepFiringFor", a.keepFiringForMs() / 1000.0);
                m.put("labels", a.labels());
                m.put("annotations", a.annotations());
                List<Object> alerts = new ArrayList<>();
                for (Alert alert : a.alerts()) {
                    if (alert.active()) {
                        alerts.add(alert(alert));
                    }
                }
                m.put("alerts", alerts);
            }
            case RecordingRule rr -> {
                m.put("name", rr.name());
                m.put("query", rr.query());
                if (!rr.labels().isEmpty()) {
                    m.put("labels", new TreeMap<>(rr.labels()));
                }
            }
        }
        m.put("health", h.health());
        if (!h.lastError().isEmpty()) {
            m.put("lastError", h.lastError());
        }
        m.put("evaluationTime", h.evaluationSeconds());
        m.put("lastEvaluation", time(h.lastEvaluation()));
        m.put("type", rule instanceof AlertingRule ? "alerting" : "recording");
        return m;
    }

    ApiResponse alerts(ApiRequest r) throws IOException {
        List<Object> out = new ArrayList<>();
        for (Alert a : rules.activeAlerts()) {
            out.add(alert(a));
        }
        return success(Map.of("alerts", out));
    }

    static Map<String, Object> alert(Alert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", a.labels().toMap());
        m.put("annotations", new TreeMap<>(a.annotations()));
        m.put("state", a.state().text());
        m.put("activeAt", time(a.activeAt()));
        if (a.keepFiringSince() != 0) {
            m.put("keepFiringSince", time(a.keepFiringSince()));
        }
        m.put("value", GoFormat.exponent(a.value()));
        return m;
    }

    ApiResponse reload(ApiRequest r) {
        try {
            rules.reload();
            return ApiResponse.text(200, "");
        } catch (RuleLoadException e) {
            return ApiResponse.text(500, "failed to reload config: " + String.join("\n", e.errors()) + "\n");
        }
    }

    /** Go's RFC 3339 with nanoseconds, trailing zeros trimmed; Go's zero time for 0. */
    static String time(long ms) {
        if (ms == 0) {
            return "0001-01-01T00:00:00Z";
        }
        String s = RFC3339.format(Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC));
        return s.replaceFirst("(\\.\\d*?)0+Z$", "$1Z").replace(".Z", "Z");
    }

    private static ApiResponse success(Object data) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "success");
        m.put("data", data);
        return ApiResponse.json(200, JSON.writeValueAsBytes(m));
    }
}
