package dev.sightline.alerting;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alerts of every alerting rule, saved after each evaluation so that a restart keeps pending timers and does
 * not announce firing alerts again as new. Layout (docs/format/alert-state.md): a header line
 * {@code SLALERTS 1 <crc32c of the body, 8 hex digits>\n}, then a JSON body. Written atomically ({@link StateFile}),
 * so a crash leaves the old or the new state, never a torn one. Rules are keyed by file, group, name and
 * expression. Not thread-safe: the rule manager writes under its lock.
 */
final class AlertStateFile {
    static final TextLineFormat FORMAT = new TextLineFormat("alert state", "SLALERTS", Versions.only(1));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateFile file;

    AlertStateFile(Path file) {
        this.file = new StateFile(file, FORMAT);
    }

    Path path() {
        return file.path();
    }

    /** Writes the alerts of {@code rules} (key → alerts) atomically. */
    void write(Map<String, List<Alert>> rules) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode out = body.putArray("rules");
        rules.forEach((key, alerts) -> {
            ObjectNode r = out.addObject();
            r.put("key", key);
            ArrayNode as = r.putArray("alerts");
            for (Alert a : alerts) {
                ObjectNode n = as.addObject();
                n.set("labels", JSON.valueToTree(a.labels().toMap()));
                n.set("annotations", JSON.valueToTree(a.annotations()));
                n.put("state", a.state().name());
                n.put("value", Double.toString(a.value()));
                n.put("activeAt", a.activeAt());
                n.put("firedAt", a.firedAt());
                n.put("resolvedAt", a.resolvedAt());
                n.put("keepFiringSince", a.keepFiringSince());
            }
        });
        file.write(JSON.writeValueAsBytes(body));
    }

    /** The saved alerts by rule key; empty when there is no file. Throws naming the file when it is corrupt. */
    Map<String, List<Alert>> read() throws IOException {
        FileContents c = file.read();
        if (c == null) {
            return Map.of();
        }
        JsonNode body = JSON.readTree(new String(c.body(), StandardCharsets.UTF_8));
        Map<String, List<Alert>> out = new HashMap<>();
        for (JsonNode r : body.path("rules")) {
            List<Alert> alerts = new ArrayList<>();
            for (JsonNode n : r.path("alerts")) {
                alerts.add(new Alert(Labels.fromMap(strings(n.path("labels"))), Map.copyOf(strings(n.path("annotations"))),
                        AlertState.valueOf(n.path("state").asText()), Double.parseDouble(n.path("value").asText()),
                        n.path("activeAt").asLong(), n.path("firedAt").asLong(), n.path("resolvedAt").asLong(),
                        n.path("keepFiringSince").asLong()));
            }
            out.put(r.path("key").asText(), alerts);
        }
        return out;
    }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().asText());
        }
        return m;
    }
}
