package dev.sightline.alerting.notify;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sightline.alerting.RuleLoadException;
import dev.sightline.alerting.RuleLoader;
import dev.sightline.query.promql.ast.Durations;
import dev.sightline.storage.model.MatchType;
import dev.sightline.storage.model.Matcher;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code receivers.yaml} (or {@code .yml}) from the rules folder: a {@code receivers} list and, optionally,
 * an Alertmanager-style {@code route} tree (README, "Alerting"):
 * <pre>
 * route:                       # optional
 *   receiver: ops              # without it (or without a route): each receiver gets what its match accepts
 *   group_by: [alertname]      # '...' groups by every label
 *   group_wait: 30s
 *   group_interval: 5m
 *   repeat_interval: 4h
 *   routes:
 *     - matchers: ['severity="page"']   # or match: {k: v}, match_re: {k: re}
 *       receiver: pager
 *       continue: true
 * receivers:
 *   - name: ops
 *     url: https://hooks.example/alerts
 *     timeout: 10s, max_attempts: 5, initial_backoff: 1s, bearer_token, hmac_secret, send_resolved: true
 *     match: {severity: page}  # only without a route receiver
 * </pre>
 * Errors name the file, line and the bad receiver, route or value. Stateless; thread-safe.
 */
public final class NotifyConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> RECEIVER_KEYS = Set.of("name", "url", "timeout", "max_attempts",
            "initial_backoff", "bearer_token", "hmac_secret", "match", "send_resolved");
    private static final Set<String> ROUTE_KEYS = Set.of("receiver", "group_by", "group_wait", "group_interval",
            "repeat_interval", "matchers", "match", "match_re", "continue", "routes");

    private NotifyConfigLoader() {
    }

    /** The configuration of {@code dir/receivers.yaml} or {@code .yml}; {@link NotifyConfig#EMPTY} without. */
    public static NotifyConfig loadFolder(Path dir) throws RuleLoadException {
        for (String n : RuleLoader.NOT_RULES.stream().sorted().toList()) {
            Path f = dir.resolve(n);
            if (Files.isRegularFile(f)) {
                List<String> errors = new ArrayList<>();
                NotifyConfig out;
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
        return NotifyConfig.EMPTY;
    }

    static NotifyConfig load(String file, String text, List<String> errors) {
        Map<String, Receiver> receivers = new LinkedHashMap<>();
        Map<String, Map<String, String>> receiverMatch = new LinkedHashMap<>();
        JsonNode route = null;
        int routeLine = 0;
        try (JsonParser p = YAML.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return NotifyConfig.EMPTY;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if (key.equals("route") && v == JsonToken.START_OBJECT) {
                    routeLine = p.currentTokenLocation().getLineNr();
                    route = YAML.readTree(p);
                    continue;
                }
                if (!key.equals("receivers") || v != JsonToken.START_ARRAY) {
                    errors.add(file + ":" + p.currentTokenLocation().getLineNr() + ": unknown field " + key
                            + " (expected a \"receivers\" list and a \"route\")");
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    int line = p.currentTokenLocation().getLineNr();
                    JsonNode n = YAML.readTree(p);
                    Receiver r = receiver(file + ":" + line, n, errors);
                    if (r != null && receivers.containsKey(r.name())) {
                        errors.add(file + ":" + line + ": receiver \"" + r.name() + "\": duplicate receiver name");
                    } else if (r != null) {
                        receivers.put(r.name(), r);
                        Map<String, String> match = new LinkedHashMap<>();
                        n.path("match").fields().forEachRemaining(e -> match.put(e.getKey(), e.getValue().asText()));
                        receiverMatch.put(r.name(), match);
                    }
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            errors.add(file + ":" + (l == null ? 0 : l.getLineNr()) + ": " + e.getOriginalMessage());
            return NotifyConfig.EMPTY;
        } catch (IOException e) {
            errors.add(file + ": " + e.getMessage());
            return NotifyConfig.EMPTY;
        }
        String at = file + ":" + routeLine + ": route";
        Route root = route(at, "0", null, route == null ? YAML.createObjectNode() : route, null, receivers, errors);
        if (route != null && (route.has("matchers") || route.has("match") || route.has("match_re"))) {
            errors.add(at + ": the root route must not have matchers (it receives every alert)");
        }
        if (root == null) {
            return NotifyConfig.EMPTY;
        }
        if (root.receiver().isEmpty() && root.routes().isEmpty()) {
            // No route receiver: each receiver gets the alerts its own match accepts (the first slice's format).
            List<Route> children = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, Map<String, String>> e : receiverMatch.entrySet()) {
                List<Matcher> ms = e.getValue().entrySet().stream()
                        .map(m -> Matcher.equal(m.getKey(), m.getValue())).toList();
                children.add(new Route("0." + i++, Route.key(root.key(), ms), e.getKey(), ms, root.groupBy(),
                        root.groupByAll(), root.groupWaitMs(), root.groupIntervalMs(), root.repeatIntervalMs(), true,
                        List.of()));
            }
            root = new Route(root.id(), root.key(), "", List.of(), root.groupBy(), root.groupByAll(),
                    root.groupWaitMs(), root.groupIntervalMs(), root.repeatIntervalMs(), false, children);
        } else {
            receiverMatch.forEach((name, match) -> {
                if (!match.isEmpty()) {
                    errors.add(file + ": receiver \"" + name + "\": match applies only when the route has no "
                            + "receiver; put matchers on a route instead");
                }
            });
            if (root.receiver().isEmpty()) {
                errors.add(at + ": the root route needs a receiver when it has routes");
            }
        }
        return new NotifyConfig(root, receivers);
    }

    private static Route route(String at, String id, Route parent, JsonNode n, String parentKey,
            Map<String, Receiver> receivers, List<String> errors) {
        int before = errors.size();
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!ROUTE_KEYS.contains(k)) {
                errors.add(at + ": unknown field " + k);
            }
        }
        String receiver = n.path("receiver").asText(parent == null ? "" : parent.receiver());
        if (n.has("receiver") && !receivers.containsKey(receiver)) {
            errors.add(at + ": receiver \"" + receiver + "\" is not defined in receivers (defined: "
                    + receivers.keySet() + ")");
        }
        List<Matcher> matchers = new ArrayList<>();
        n.path("match").fields().forEachRemaining(e -> matchers.add(Matcher.equal(e.getKey(),
                e.getValue().asText())));
        n.path("match_re").fields().forEachRemaining(e -> {
            try {
                matchers.add(MatcherText.of(e.getKey(), MatchType.REGEX, e.getValue().asText()));
            } catch (IllegalArgumentException ex) {
                errors.add(at + ": match_re: " + ex.getMessage());
            }
        });
        for (JsonNode m : n.path("matchers")) {
            try {
                matchers.add(MatcherText.parse(m.asText()));
            } catch (IllegalArgumentException ex) {
                errors.add(at + ": matchers: " + ex.getMessage());
            }
        }
        List<String> groupBy = parent == null ? List.of("alertname") : parent.groupBy();
        boolean all = parent != null && parent.groupByAll();
        if (n.has("group_by")) {
            groupBy = new ArrayList<>();
            all = false;
            for (JsonNode g : n.path("group_by")) {
                if (g.asText().equals("...")) {
                    all = true;
                } else if (!g.asText().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                    errors.add(at + ": group_by: \"" + g.asText() + "\" is not a label name");
                } else {
                    groupBy.add(g.asText());
                }
            }
        }
        long wait = duration(at, n, "group_wait", parent == null ? Route.DEFAULT_GROUP_WAIT_MS : parent.groupWaitMs(),
                true, errors);
        long interval = duration(at, n, "group_interval",
                parent == null ? Route.DEFAULT_GROUP_INTERVAL_MS : parent.groupIntervalMs(), false, errors);
        long repeat = duration(at, n, "repeat_interval",
                parent == null ? Route.DEFAULT_REPEAT_INTERVAL_MS : parent.repeatIntervalMs(), false, errors);
        String key = Route.key(parentKey, matchers);
        Route self = new Route(id, key, receiver, matchers, groupBy, all, wait, interval, repeat,
                n.path("continue").asBoolean(false), List.of());
        List<Route> children = new ArrayList<>();
        int i = 0;
        for (JsonNode c : n.path("routes")) {
            Route child = route(at + ".routes[" + i + "]", id + "." + i, self, c, key, receivers, errors);
            i++;
            if (child != null) {
                children.add(child);
            }
        }
        if (errors.size() > before) {
            return null;
        }
        return new Route(id, key, receiver, matchers, groupBy, all, wait, interval, repeat, self.continueMatching(),
                children);
    }

    private static Receiver receiver(String where, JsonNode n, List<String> errors) {
        String name = n.path("name").asText("");
        String at = where + ": receiver \"" + name + "\"";
        int before = errors.size();
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!RECEIVER_KEYS.contains(k)) {
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
        long timeout = duration(at, n, "timeout", 10_000, false, errors);
        long backoff = duration(at, n, "initial_backoff", 1_000, false, errors);
        int attempts = n.path("max_attempts").asInt(5);
        if (attempts < 1) {
            errors.add(at + ": max_attempts must be at least 1, got " + n.path("max_attempts").asText());
        }
        if (n.has("send_resolved") && !n.get("send_resolved").isBoolean()) {
            errors.add(at + ": send_resolved must be true or false, got \"" + n.get("send_resolved").asText() + "\"");
        }
        if (errors.size() > before) {
            return null;
        }
        return new Receiver(name, uri, Duration.ofMillis(timeout), attempts, Duration.ofMillis(backoff),
                n.path("bearer_token").asText(""), n.path("hmac_secret").asText(""),
                n.path("send_resolved").asBoolean(true));
    }

    private static long duration(String at, JsonNode n, String key, long defaultMs, boolean zeroOk,
            List<String> errors) {
        if (!n.has(key)) {
            return defaultMs;
        }
        String text = n.get(key).asText();
        long ms = Durations.parse(text);
        if (ms < 0 || (ms == 0 && !zeroOk)) {
            errors.add(at + ": " + key + " must be a " + (zeroOk ? "" : "positive ") + "duration such as 30s or 5m,"
                    + " got \"" + text + "\"");
            return defaultMs;
        }
        return ms;
    }
}
