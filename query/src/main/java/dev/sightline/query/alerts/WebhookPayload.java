package dev.sightline.query.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.query.promql.storage.Labels;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alertmanager's webhook payload ({@code version} "4") for the alerts of one rule: grouped by
 * {@code alertname}, so {@code groupKey} is {@code {}:{alertname="X"}} as Alertmanager writes it.
 */
final class WebhookPayload {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookPayload() {
    }

    static byte[] json(String receiver, String alertname, List<Alert> alerts, String externalUrl, String query) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", "4");
        m.put("groupKey", "{}:{alertname=\"" + alertname.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
        m.put("truncatedAlerts", 0);
        boolean firing = alerts.stream().anyMatch(a -> a.state() == AlertState.FIRING);
        m.put("status", firing ? "firing" : "resolved");
        m.put("receiver", receiver);
        m.put("groupLabels", Map.of("alertname", alertname));
        m.put("commonLabels", common(alerts.stream().map(a -> a.labels().toMap()).toList()));
        m.put("commonAnnotations", common(alerts.stream().map(Alert::annotations).toList()));
        m.put("externalURL", externalUrl);
        String generator = externalUrl + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
        List<Object> out = new ArrayList<>();
        for (Alert a : alerts) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("status", a.state() == AlertState.FIRING ? "firing" : "resolved");
            e.put("labels", a.labels().toMap());
            e.put("annotations", new TreeMap<>(a.annotations()));
            e.put("startsAt", RulesApi.time(a.firedAt() != 0 ? a.firedAt() : a.activeAt()));
            e.put("endsAt", RulesApi.time(a.state() == AlertState.FIRING ? 0 : a.resolvedAt()));
            e.put("generatorURL", generator);
            e.put("fingerprint", fingerprint(a.labels()));
            out.add(e);
        }
        m.put("alerts", out);
        try {
            return JSON.writeValueAsBytes(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a webhook payload", e);
        }
    }

    private static Map<String, String> common(List<Map<String, String>> maps) {
        if (maps.isEmpty()) {
            return Map.of();
        }
        Map<String, String> common = new TreeMap<>(maps.getFirst());
        for (Map<String, String> m : maps.subList(1, maps.size())) {
            common.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
        }
        return common;
    }

    /** Alertmanager's fingerprint: FNV-1a 64 over the sorted label names and values, each followed by 0xff. */
    static String fingerprint(Labels labels) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < labels.size(); i++) {
            h = add(h, labels.name(i));
            h = (h ^ 0xff) * 0x100000001b3L;
            h = add(h, labels.value(i));
            h = (h ^ 0xff) * 0x100000001b3L;
        }
        return String.format("%016x", h);
    }

    private static long add(long h, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    static Map<String, List<Alert>> byAlertname(List<Alert> alerts) {
        Map<String, List<Alert>> out = new HashMap<>();
        for (Alert a : alerts) {
            out.computeIfAbsent(a.labels().get("alertname"), k -> new ArrayList<>()).add(a);
        }
        return out;
    }
}
