package dev.sightline.query.alerts;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sightline.query.promql.ast.Durations;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code receivers.yaml} (or {@code .yml}) from the rules folder:
 * <pre>
 * receivers:
 *   - name: ops
 *     url: https://hooks.example/alerts
 *     timeout: 10s            # per request (default 10s)
 *     max_attempts: 5         # default 5
 *     initial_backoff: 1s     # default 1s
 *     bearer_token: secret    # optional
 *     hmac_secret: key        # optional
 *     match: {severity: page} # optional
 * </pre>
 * Errors name the file, line and receiver. Stateless; thread-safe.
 */
public final class ReceiverLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KEYS = Set.of("name", "url", "timeout", "max_attempts", "initial_backoff",
            "bearer_token", "hmac_secret", "match");

    private ReceiverLoader() {
    }

    /** The receivers of {@code dir/receivers.yaml} or {@code .yml}; none when neither exists. */
    public static List<Receiver> loadFolder(Path dir) throws RuleLoadException {
        for (String n : RuleLoader.NOT_RULES) {
            Path f = dir.resolve(n);
            if (Files.isRegularFile(f)) {
                List<String> errors = new ArrayList<>();
                List<Receiver> out;
                try {
                    out = load(f.toString(), Files.readString(f), errors);
                } catch (IOException e) {
                    throw new RuleLoadException(List.of(f + ": cannot read: " + e.getMessage()));
                }
                if (!errors.isEmpty()) {
                    throw new RuleLoadException(errors);
                }
                return out;
            }
        }
        return List.of();
    }

    static List<Receiver> load(String file, String text, List<String> errors) {
        List<Receiver> out = new ArrayList<>();
        try (JsonParser p = YAML.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return out;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if (!key.equals("receivers") || v != JsonToken.START_ARRAY) {
                    errors.add(file + ":" + p.currentTokenLocation().getLineNr() + ": unknown field " + key
                            + " (expected a \"receivers\" list)");
                    p.skipChildren();
                    continue;
                }
                Set<String> names = new HashSet<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    int line = p.currentTokenLocation().getLineNr();
                    Receiver r = receiver(file + ":" + line, YAML.readTree(p), errors);
                    if (r != null && !names.add(r.name())) {
                        errors.add(file + ":" + line + ": receiver \"" + r.name() + "\": duplicate receiver name");
                    } else if (r != null) {
                        out.add(r);
                    }
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            errors.add(file + ":" + (l == null ? 0 : l.getLineNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            errors.add(file + ": " + e.getMessage());
        }
        return out;
    }

    private static Receiver receiver(String where, JsonNode n, List<String> errors) {
        String name = n.path("name").asText("");
        String at = where + ": receiver \"" + name + "\"";
        int before = errors.size();
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                errors.add(at + ": unknown field " + k);
            }
        }
        if (name.isBlank()) {
            errors.add(at + ": name must not be empty");
        }
        String url = n.path("url").asText("");
        URI uri = null;
        try {
            uri = new URI(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                errors.add(at + ": url must be an http(s) URL, got \"" + url + "\"");
            }
        } catch (URISyntaxException e) {
            errors.add(at + ": url must be an http(s) URL, got \"" + url + "\": " + e.getReason());
        }
        Duration timeout = duration(at, n, "timeout", 10_000, errors);
        Duration backoff = duration(at, n, "initial_backoff", 1_000, errors);
        int attempts = n.path("max_attempts").asInt(5);
        if (attempts < 1) {
            errors.add(at + ": max_attempts must be at least 1, got " + n.path("max_attempts").asText());
        }
        Map<String, String> match = new LinkedHashMap<>();
        n.path("match").fields().forEachRemaining(e -> match.put(e.getKey(), e.getValue().asText()));
        if (errors.size() > before) {
            return null;
        }
        return new Receiver(name, uri, timeout, attempts, backoff, n.path("bearer_token").asText(""),
                n.path("hmac_secret").asText(""), match);
    }

    private static Duration duration(String at, JsonNode n, String key, long defaultMs, List<String> errors) {
        if (!n.has(key)) {
            return Duration.ofMillis(defaultMs);
        }
        long ms = Durations.parse(n.get(key).asText());
        if (ms <= 0) {
            errors.add(at + ": " + key + " must be a positive duration, got \"" + n.get(key).asText() + "\"");
            return Duration.ofMillis(defaultMs);
        }
        return Duration.ofMillis(ms);
    }
}
