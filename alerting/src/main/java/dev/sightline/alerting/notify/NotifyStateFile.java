package dev.sightline.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.storage.files.FileContents;
import dev.sightline.storage.files.StateFile;
import dev.sightline.storage.files.TextLineFormat;
import dev.sightline.storage.files.Versions;
import dev.sightline.storage.model.Labels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The notification side's state in {@code data/alerts/notifications} (docs/format/alert-notifications.md): the
 * aggregation groups with their timers and alerts, the notification log, and every notification not yet
 * acknowledged, under a header line {@code SLNOTIFY 1 <crc32c>\n}. Rewritten atomically ({@link StateFile}) whenever
 * it changed. Not thread-safe.
 */
final class NotifyStateFile {
    static final TextLineFormat FORMAT = new TextLineFormat("notification state", "SLNOTIFY", Versions.only(1));
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Everything the file holds. */
    record State(long nextId, List<AggregationGroup> groups, Map<String, Dispatcher.LogEntry> log,
            List<Notification> queue) {
    }

    private final StateFile file;

    NotifyStateFile(Path file) {
        this.file = new StateFile(file, FORMAT);
    }

    Path path() {
        return file.path();
    }

    void write(State s) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("nextId", s.nextId());
        ArrayNode groups = body.putArray("groups");
        for (AggregationGroup g : s.groups()) {
            ObjectNode n = groups.addObject();
            ObjectNode r = n.putObject("route");
            r.put("id", g.route.id());
            r.put("key", g.route.key());
            r.put("receiver", g.route.receiver());
            r.put("groupWait", g.route.groupWaitMs());
            r.put("groupInterval", g.route.groupIntervalMs());
            r.put("repeatInterval", g.route.repeatIntervalMs());
            n.set("groupLabels", JSON.valueToTree(g.groupLabels.toMap()));
            n.put("nextFlushAt", g.nextFlushAt);
            n.put("flushed", g.flushed);
            ArrayNode alerts = n.putArray("alerts");
            for (NotifyAlert a : g.alerts.values()) {
                ObjectNode x = alerts.addObject();
                x.set("labels", JSON.valueToTree(a.labels().toMap()));
                x.set("annotations", JSON.valueToTree(a.annotations()));
                x.put("value", Double.toString(a.value()));
                x.put("startsAt", a.startsAt());
                x.put("endsAt", a.endsAt());
                x.put("validUntil", a.validUntil());
                x.put("generatorURL", a.generatorUrl());
            }
        }
        ArrayNode log = body.putArray("log");
        s.log().forEach((key, e) -> {
            ObjectNode n = log.addObject();
            n.put("key", key);
            n.set("firing", JSON.valueToTree(e.firing()));
            n.set("resolved", JSON.valueToTree(e.resolved()));
            n.put("at", e.at());
        });
        ArrayNode queue = body.putArray("queue");
        for (Notification q : s.queue()) {
            ObjectNode n = queue.addObject();
            n.put("id", q.id());
            n.put("receiver", q.receiver());
            n.put("groupKey", q.groupKey());
            n.put("body", q.body());
            n.put("attempts", q.attempts());
            n.put("nextAttemptAt", q.nextAttemptAt());
        }
        file.write(JSON.writeValueAsBytes(body));
    }

    /** The saved state, or null when there is none; throws naming the file when it is corrupt. */
    State read() throws IOException {
        FileContents c = file.read();
        if (c == null) {
            return null;
        }
        JsonNode body = JSON.readTree(c.body());
        List<AggregationGroup> groups = new ArrayList<>();
        for (JsonNode n : body.path("groups")) {
            JsonNode r = n.path("route");
            Route route = new Route(r.path("id").asText(), r.path("key").asText(), r.path("receiver").asText(),
                    List.of(), List.of(), false, r.path("groupWait").asLong(), r.path("groupInterval").asLong(),
                    r.path("repeatInterval").asLong(), false, List.of());
            AggregationGroup g = new AggregationGroup(route, Labels.fromMap(strings(n.path("groupLabels"))),
                    n.path("nextFlushAt").asLong(), n.path("flushed").asBoolean());
            for (JsonNode x : n.path("alerts")) {
                NotifyAlert a = new NotifyAlert(Labels.fromMap(strings(x.path("labels"))),
                        strings(x.path("annotations")), Double.parseDouble(x.path("value").asText("0")),
                        x.path("startsAt").asLong(), x.path("endsAt").asLong(), x.path("validUntil").asLong(),
                        x.path("generatorURL").asText());
                g.alerts.put(a.fingerprint(), a);
            }
            groups.add(g);
        }
        Map<String, Dispatcher.LogEntry> log = new LinkedHashMap<>();
        for (JsonNode n : body.path("log")) {
            log.put(n.path("key").asText(), new Dispatcher.LogEntry(set(n.path("firing")), set(n.path("resolved")),
                    n.path("at").asLong()));
        }
        List<Notification> queue = new ArrayList<>();
        for (JsonNode n : body.path("queue")) {
            queue.add(new Notification(n.path("id").asLong(), n.path("receiver").asText(),
                    n.path("groupKey").asText(), n.path("body").asText(), n.path("attempts").asInt(),
                    n.path("nextAttemptAt").asLong()));
        }
        return new State(body.path("nextId").asLong(1), groups, log, queue);
    }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static Set<String> set(JsonNode n) {
        Set<String> s = new HashSet<>();
        n.forEach(x -> s.add(x.asText()));
        return s;
    }
}
