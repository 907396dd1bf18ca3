package dev.sightline.alerting.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.storage.model.Labels;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Alertmanager's webhook payload ({@code version} "4") for one notification of one aggregation group. */
final class WebhookPayload {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookPayload() {
    }

    static byte[] json(String receiver, String groupKey, Labels groupLabels, List<NotifyAlert> alerts,
            String externalUrl, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", "4");
        m.put("groupKey", groupKey);
        m.put("truncatedAlerts", 0);
        boolean firing = alerts.stream().anyMatch(a -> !a.resolved(now));
        m.put("status", firing ? "firing" : "resolved");
        m.put("receiver", receiver);
        m.put("groupLabels", groupLabels.toMap());
        m.put("commonLabels", common(alerts.stream().map(a -> a.labels().toMap()).toList()));
        m.put("commonAnnotations", common(alerts.stream().map(NotifyAlert::annotations).toList()));
        m.put("externalURL", externalUrl);
        List<Object> out = new ArrayList<>();
        for (NotifyAlert a : alerts) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("status", a.resolved(now) ? "resolved" : "firing");
            e.put("labels", a.labels().toMap());
            e.put("annotations", new TreeMap<>(a.annotations()));
            e.put("startsAt", time(a.startsAt()));
            e.put("endsAt", time(a.endsAt(now)));
            e.put("generatorURL", a.generatorUrl());
            e.put("fingerprint", a.fingerprint());
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

    /** Go's RFC 3339 with the fraction's trailing zeros trimmed; Go's zero time for 0. */
    static String time(long ms) {
        if (ms == 0) {
            return "0001-01-01T00:00:00Z";
        }
        String s = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC));
        return s.replaceFirst("(\\.\\d*?)0+Z$", "$1Z").replace(".Z", "Z");
    }
}
