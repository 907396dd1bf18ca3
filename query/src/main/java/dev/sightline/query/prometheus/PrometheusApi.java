package dev.sightline.query.prometheus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sightline.query.http.ApiHandler;
import dev.sightline.query.http.ApiRequest;
import dev.sightline.query.http.ApiResponse;
import dev.sightline.query.http.Router;
import dev.sightline.storage.metrics.PrometheusNames;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.Matcher;
import dev.sightline.storage.series.Exemplar;
import dev.sightline.storage.series.MetricMetadata;
import dev.sightline.storage.series.MetricsReader;
import dev.sightline.storage.series.SeriesExemplars;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Prometheus' metadata endpoints over the metric store: {@code /api/v1/series}, {@code /api/v1/labels},
 * {@code /api/v1/label/{name}/values} (GET and POST, {@code match[]}, {@code start}, {@code end},
 * {@code limit}), {@code /api/v1/metadata}, {@code /api/v1/status/buildinfo} and
 * {@code /api/v1/query_exemplars}. Answers in Prometheus' envelope: {@code {"status":"success","data":…}} or
 * {@code {"status":"error","errorType":"bad_data","error":…}}.
 */
public final class PrometheusApi {
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final String VERSION = "3.0.0-sightline";

    private final MetricsReader store;

    public PrometheusApi(MetricsReader store) {
        this.store = store;
    }

    public void register(Router router) {
        both(router, "/api/v1/series", this::series);
        both(router, "/api/v1/labels", this::labels);
        both(router, "/api/v1/label/{name}/values", this::labelValues);
        router.get("/api/v1/metadata", this::metadata);
        router.get("/api/v1/status/buildinfo", r -> success(g -> {
            g.writeStartObject();
            g.writeStringField("version", VERSION);
            g.writeStringField("revision", "");
            g.writeStringField("branch", "");
            g.writeStringField("buildUser", "");
            g.writeStringField("buildDate", "");
            g.writeStringField("goVersion", "");
            g.writeEndObject();
        }, List.of()));
        both(router, "/api/v1/query_exemplars", this::exemplars);
    }

    private static void both(Router router, String path, Handler h) {
        ApiHandler wrapped = r -> {
            try {
                return h.handle(r);
            } catch (BadDataException e) {
                return error(400, "bad_data", e.getMessage());
            }
        };
        router.get(path, wrapped);
        router.add("POST", path, wrapped);
    }

    @FunctionalInterface
    private interface Handler {
        ApiResponse handle(ApiRequest r) throws Exception;
    }

    ApiResponse series(ApiRequest r) throws Exception {
        List<List<Matcher>> selectors = PromParams.matchers(r);
        if (selectors.isEmpty()) {
            throw new BadDataException("no match[] parameter provided");
        }
        long start = PromParams.time(r, "start", Long.MIN_VALUE);
        long end = PromParams.time(r, "end", Long.MAX_VALUE);
        int limit = PromParams.limit(r);
        TreeSet<Labels> all = new TreeSet<>();
        for (List<Matcher> m : selectors) {
            all.addAll(store.series(m, start, end));
        }
        List<Labels> out = new ArrayList<>(all);
        List<String> warnings = truncate(out, limit);
        return success(g -> {
            g.writeStartArray();
            for (Labels l : out) {
                writeLabels(g, l);
            }
            g.writeEndArray();
        }, warnings);
    }

    ApiResponse labels(ApiRequest r) throws Exception {
        long start = PromParams.time(r, "start", Long.MIN_VALUE);
        long end = PromParams.time(r, "end", Long.MAX_VALUE);
        int limit = PromParams.limit(r);
        TreeSet<String> names = new TreeSet<>();
        List<List<Matcher>> selectors = PromParams.matchers(r);
        if (selectors.isEmpty()) {
            names.addAll(store.labelNames(List.of(), start, end));
        }
        for (List<Matcher> m : selectors) {
            names.addAll(store.labelNames(m, start, end));
        }
        return strings(new ArrayList<>(names), limit);
    }

    ApiResponse labelValues(ApiRequest r) throws Exception {
        String name = r.pathParam("name");
        if (name.startsWith("U__")) {
            name = name.substring(3); // Prometheus 3's escaping of UTF-8 names; plain names pass through
        }
        if (!LABEL_NAME.matcher(name).matches()) {
            throw new BadDataException("invalid label name: \"" + name + "\"");
        }
        long start = PromParams.time(r, "start", Long.MIN_VALUE);
        long end = PromParams.time(r, "end", Long.MAX_VALUE);
        int limit = PromParams.limit(r);
        TreeSet<String> values = new TreeSet<>();
        List<List<Matcher>> selectors = PromParams.matchers(r);
        if (selectors.isEmpty()) {
            values.addAll(store.labelValues(name, List.of(), start, end));
        }
        for (List<Matcher> m : selectors) {
            values.addAll(store.labelValues(name, m, start, end));
        }
        return strings(new ArrayList<>(values), limit);
    }

    ApiResponse metadata(ApiRequest r) throws Exception {
        try {
            int limit = PromParams.limit(r);
            String metric = r.param("metric");
            List<Map.Entry<String, MetricMetadata>> entries = new ArrayList<>();
            for (Map.Entry<String, MetricMetadata> e : store.metadata().entrySet()) {
                if (metric == null || metric.isEmpty() || metric.equals(e.getKey())) {
                    entries.add(e);
                }
            }
            if (limit > 0 && entries.size() > limit) {
                entries = entries.subList(0, limit);
            }
            List<Map.Entry<String, MetricMetadata>> out = entries;
            return success(g -> {
                g.writeStartObject();
                for (Map.Entry<String, MetricMetadata> e : out) {
                    g.writeArrayFieldStart(e.getKey());
                    g.writeStartObject();
                    g.writeStringField("type", e.getValue().type());
                    g.writeStringField("help", e.getValue().help());
                    g.writeStringField("unit", e.getValue().unit());
                    g.writeEndObject();
                    g.writeEndArray();
                }
                g.writeEndObject();
            }, List.of());
        } catch (BadDataException e) {
            return error(400, "bad_data", e.getMessage());
        }
    }

    ApiResponse exemplars(ApiRequest r) throws Exception {
        String query = r.param("query");
        if (query == null || query.isBlank()) {
            throw new BadDataException("invalid parameter \"query\": query must not be empty");
        }
        List<Matcher> matchers;
        try {
            matchers = SeriesSelectorParser.parse(query.strip());
        } catch (IllegalArgumentException e) {
            throw new BadDataException("invalid parameter \"query\": " + e.getMessage()
                    + " (Sightline answers exemplar queries for a series selector)");
        }
        long start = PromParams.time(r, "start", Long.MIN_VALUE);
        long end = PromParams.time(r, "end", Long.MAX_VALUE);
        if (end < start) {
            throw new BadDataException("end timestamp must not be before start time");
        }
        List<SeriesExemplars> found = store.exemplars(matchers, start, end);
        return success(g -> writeExemplars(g, found), List.of());
    }

    /** Writes exemplars in Prometheus' format (also used by the correlation endpoint). */
    public static void writeExemplars(JsonGenerator g, List<SeriesExemplars> found) throws IOException {
        g.writeStartArray();
        for (SeriesExemplars s : found) {
            g.writeStartObject();
            g.writeFieldName("seriesLabels");
            writeLabels(g, s.series());
            g.writeArrayFieldStart("exemplars");
            for (Exemplar e : s.exemplars()) {
                g.writeStartObject();
                g.writeObjectFieldStart("labels");
                Labels el = e.labels();
                for (int i = 0; i < el.size(); i++) {
                    g.writeStringField(el.name(i), el.value(i));
                }
                if (!e.traceId().isEmpty()) {
                    g.writeStringField("trace_id", e.traceId());
                }
                if (!e.spanId().isEmpty()) {
                    g.writeStringField("span_id", e.spanId());
                }
                g.writeEndObject();
                g.writeStringField("value", PrometheusNames.formatFloat(e.value()));
                g.writeNumberField("timestamp", e.timestamp() / 1000.0);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeLabels(JsonGenerator g, Labels l) throws IOException {
        g.writeStartObject();
        for (int i = 0; i < l.size(); i++) {
            g.writeStringField(l.name(i), l.value(i));
        }
        g.writeEndObject();
    }

    private static List<String> truncate(List<?> list, int limit) {
        if (limit > 0 && list.size() > limit) {
            list.subList(limit, list.size()).clear();
            return List.of("results truncated due to limit");
        }
        return List.of();
    }

    private static ApiResponse strings(List<String> values, int limit) throws IOException {
        List<String> warnings = truncate(values, limit);
        return success(g -> {
            g.writeStartArray();
            for (String v : values) {
                g.writeString(v);
            }
            g.writeEndArray();
        }, warnings);
    }

    private static ApiResponse success(Body data, List<String> warnings) throws IOException {
        return json(200, g -> {
            g.writeStartObject();
            g.writeStringField("status", "success");
            g.writeFieldName("data");
            data.write(g);
            if (!warnings.isEmpty()) {
                g.writeArrayFieldStart("warnings");
                for (String w : warnings) {
                    g.writeString(w);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    /** Prometheus' error envelope. */
    public static ApiResponse error(int status, String type, String message) throws IOException {
        return json(status, g -> {
            g.writeStartObject();
            g.writeStringField("status", "error");
            g.writeStringField("errorType", type);
            g.writeStringField("error", message);
            g.writeEndObject();
        });
    }

    private static ApiResponse json(int status, Body body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.write(g);
        }
        return ApiResponse.json(status, out.toByteArray());
    }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }
}
