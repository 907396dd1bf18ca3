package dev.sightline.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.storage.model.Labels;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The alerts of every alerting rule, saved after each evaluation so that a restart keeps pending timers and does
 * not announce firing alerts again as new. Layout (docs/format/alert-state.md): a header line
 * {@code SLALERTS 1 <crc32c of the body, 8 hex digits>\n}, then a JSON body. Written to a temporary file,
 * fsynced, and renamed over the old one, so a crash leaves the old or the new state, never a torn one. Rules are
 * keyed by file, group, name and expression. Not thread-safe: the rule manager writes under its lock.
 */
final class AlertStateFile {
    static final String MAGIC = "SLALERTS";
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    AlertStateFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
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
        byte[] json = JSON.writeValueAsBytes(body);
        CRC32C crc = new CRC32C();
        crc.update(json);
        byte[] header = String.format("%s %d %08x\n", MAGIC, VERSION, crc.getValue())
                .getBytes(StandardCharsets.US_ASCII);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(header));
            ch.write(java.nio.ByteBuffer.wrap(json));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The saved alerts by rule key; empty when there is no file. Throws naming the file when it is corrupt. */
    Map<String, List<Alert>> read() throws IOException {
        if (!Files.exists(file)) {
            return Map.of();
        }
        byte[] all = Files.readAllBytes(file);
        int nl = 0;
        while (nl < all.length && all[nl] != '\n') {
            nl++;
        }
        String[] header = new String(all, 0, nl, StandardCharsets.US_ASCII).split(" ");
        if (header.length != 3 || !header[0].equals(MAGIC)) {
            throw new IOException(file + ": not an alert state file (no " + MAGIC + " header)");
        }
        if (!header[1].equals(Integer.toString(VERSION))) {
            throw new IOException(file + ": alert state version " + header[1] + " is not supported");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, nl + 1, all.length - nl - 1);
        if (!String.format("%08x", crc.getValue()).equals(header[2])) {
            throw new IOException(file + ": alert state checksum mismatch");
        }
        JsonNode body = JSON.readTree(new String(all, nl + 1, all.length - nl - 1, StandardCharsets.UTF_8));
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
