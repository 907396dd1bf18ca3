package dev.sightline.alerting.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.alerting.notify.MatcherText;
import dev.sightline.query.http.ApiRequest;
import dev.sightline.query.http.ApiResponse;
import dev.sightline.query.http.Router;
import dev.sightline.storage.model.Matcher;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * {@code GET /api/alerts/history}: alert state changes, newest first. Parameters: {@code alertname},
 * {@code state} (one or more of pending, firing, resolved, inactive, comma-separated or repeated), {@code start}
 * and {@code end} (RFC 3339 or Unix seconds; default the last 24 hours), {@code limit} (1..10000, default 100),
 * and {@code match[]} label matcher sets such as {@code {severity="page",team=~"db|web"}} (an entry matches when
 * it satisfies every matcher of any set). Answers in Prometheus' envelope; bad parameters get 400 naming them.
 */
public final class AlertHistoryApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY_MS = 86_400_000L;

    private final AlertHistory history;
    private final LongSupplier clock;
    private final String externalUrl;

    public AlertHistoryApi(AlertHistory history, LongSupplier clock, String externalUrl) {
        this.history = history;
        this.clock = clock;
        this.externalUrl = externalUrl;
    }

    public void register(Router router) {
        router.get("/api/alerts/history", this::history);
    }

    ApiResponse history(ApiRequest r) throws IOException {
        long end;
        long start;
        int limit;
        Predicate<HistoryEntry> filter;
        try {
            end = time("end", r.param("end"), clock.getAsLong());
            start = time("start", r.param("start"), end - DAY_MS);
            if (start > end) {
                throw new IllegalArgumentException("start must not be after end, got start " + r.param("start")
                        + " and end " + r.param("end"));
            }
            limit = limit(r.param("limit"));
            filter = filter(r);
        } catch (IllegalArgumentException e) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", "error");
            m.put("errorType", "bad_data");
            m.put("error", e.getMessage());
            return ApiResponse.json(400, JSON.writeValueAsBytes(m));
        }
        List<Object> entries = new ArrayList<>();
        for (HistoryEntry h : history.search(start, end, filter, limit)) {
            entries.add(json(h));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "success");
        m.put("data", Map.of("entries", entries));
        return ApiResponse.json(200, JSON.writeValueAsBytes(m));
    }

    private Map<String, Object> json(HistoryEntry h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.ofEpochMilli(h.time()).toString());
        m.put("state", h.state());
        m.put("alertname", h.labels().get("alertname"));
        m.put("group", h.group());
        m.put("rule", h.rule());
        m.put("labels", h.labels().toMap());
        m.put("annotations", new TreeMap<>(h.annotations()));
        m.put("value", Double.isFinite(h.value()) ? (Object) h.value() : Double.toString(h.value()));
        m.put("activeAt", Instant.ofEpochMilli(h.activeAt()).toString());
        m.put("traceIds", h.traceIds());
        m.put("traceUrls", h.traceIds().stream().map(id -> externalUrl + "/trace/" + id).toList());
        return m;
    }

    private static Predicate<HistoryEntry> filter(ApiRequest r) {
        Predicate<HistoryEntry> p = h -> true;
        String alertname = r.param("alertname");
        if (alertname != null && !alertname.isEmpty()) {
            p = p.and(h -> h.labels().get("alertname").equals(alertname));
        }
        List<String> states = new ArrayList<>();
        for (String s : r.params().getOrDefault("state", List.of())) {
            for (String part : s.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                if (!HistoryEntry.STATES.contains(part.strip())) {
                    throw new IllegalArgumentException("state must be one of " + HistoryEntry.STATES + ", got \""
                            + part.strip() + "\"");
                }
                states.add(part.strip());
            }
        }
        if (!states.isEmpty()) {
            p = p.and(h -> states.contains(h.state()));
        }
        List<List<Matcher>> sets = new ArrayList<>();
        for (String m : r.params().getOrDefault("match[]", List.of())) {
            try {
                sets.add(MatcherText.parseSet(m));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("match[] \"" + m + "\" does not parse: " + e.getMessage());
            }
        }
        if (!sets.isEmpty()) {
            p = p.and(h -> sets.stream().anyMatch(ms -> Matcher.matchAll(ms, h.labels())));
        }
        return p;
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return 100;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("limit must be in 1..10000, got \"" + text + "\"");
    }

    /** Epoch ms of RFC 3339 or Unix seconds (fractions allowed). */
    static long time(String name, String text, long fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String t = text.strip();
        try {
            if (Character.isDigit(t.charAt(0)) && t.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
                return new BigDecimal(t).movePointRight(3).longValue();
            }
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(name + " must be RFC 3339 (2024-03-01T12:00:00Z) or Unix seconds, got \""
                    + text + "\"");
        }
    }
}
