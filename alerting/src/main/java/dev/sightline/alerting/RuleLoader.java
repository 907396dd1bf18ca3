package dev.sightline.alerting;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sightline.query.promql.ast.Durations;
import dev.sightline.query.promql.ast.Expr;
import dev.sightline.query.promql.parser.ParseException;
import dev.sightline.query.promql.parser.Parser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads Prometheus rule files ({@code *.yml}, {@code *.yaml}) from a folder. Every problem is collected and
 * reported together as {@code file:line: group "g": rule "r": reason}; nothing is returned unless all files load,
 * so the caller keeps its previous rules. Stateless; thread-safe.
 */
public final class RuleLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> GROUP_KEYS = Set.of("name", "interval", "rules", "limit", "query_offset",
            "labels");
    private static final Set<String> RULE_KEYS = Set.of("alert", "record", "expr", "for", "keep_firing_for",
            "labels", "annotations");

    private static final java.util.regex.Pattern METRIC_NAME = java.util.regex.Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final java.util.regex.Pattern LABEL_NAME = java.util.regex.Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** File names in the rules folder that are not rule files. */
    public static final Set<String> NOT_RULES = Set.of("receivers.yml", "receivers.yaml");

    private final long defaultIntervalMs;

    public RuleLoader(long defaultIntervalMs) {
        this.defaultIntervalMs = defaultIntervalMs;
    }

    /** Loads every rule file directly in {@code dir}, in name order; a missing folder has no rules. */
    public List<RuleGroup> loadFolder(Path dir) throws RuleLoadException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> {
                String n = p.getFileName().toString();
                return (n.endsWith(".yml") || n.endsWith(".yaml")) && !NOT_RULES.contains(n) && Files.isRegularFile(p);
            }).sorted().toList();
        } catch (IOException e) {
            throw new RuleLoadException(List.of(dir + ": cannot list rule files: " + e.getMessage()));
        }
        List<String> errors = new ArrayList<>();
        List<RuleGroup> groups = new ArrayList<>();
        for (Path f : files) {
            try {
                groups.addAll(load(f.toString(), Files.readString(f), errors));
            } catch (IOException e) {
                errors.add(f + ": cannot read: " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new RuleLoadException(errors);
        }
        return groups;
    }

    /** Parses one file's text; problems are added to {@code errors}. */
    List<RuleGroup> load(String file, String text, List<String> errors) {
        List<RuleGroup> groups = new ArrayList<>();
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return groups;
            }
            if (t != JsonToken.START_OBJECT) {
                errors.add(file + ":" + line(p) + ": the file must be a map with a \"groups\" list");
                return groups;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if (!key.equals("groups")) {
                    errors.add(file + ":" + line(p) + ": field " + key + " not found in type rulefmt.RuleGroups");
                    p.skipChildren();
                    continue;
                }
                if (v != JsonToken.START_ARRAY) {
                    errors.add(file + ":" + line(p) + ": groups must be a list");
                    p.skipChildren();
                    continue;
                }
                Set<String> groupNames = new HashSet<>();
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    RuleGroup g = group(file, p, errors);
                    if (g != null && !groupNames.add(g.name())) {
                        errors.add(file + ": groupname: \"" + g.name() + "\" is repeated in the same file");
                    } else if (g != null) {
                        groups.add(g);
                    }
                }
            }
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            errors.add(file + ":" + (l == null ? 0 : l.getLineNr()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            errors.add(file + ": " + e.getMessage());
        }
        return groups;
    }

    private RuleGroup group(String file, JsonParser p, List<String> errors) throws IOException {
        int groupLine = line(p);
        String name = null;
        long interval = defaultIntervalMs;
        List<Rule> rules = new ArrayList<>();
        List<Integer> ruleLines = new ArrayList<>();
        List<JsonNode> ruleNodes = new ArrayList<>();
        int before = errors.size();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (key.equals("rules") && v == JsonToken.START_ARRAY) {
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    ruleLines.add(line(p));
                    ruleNodes.add(YAML.readTree(p));
                }
                continue;
            }
            JsonNode node = YAML.readTree(p);
            switch (key) {
                case "name" -> name = node.asText();
                case "interval" -> {
                    interval = Durations.parse(node.asText());
                    if (interval <= 0) {
                        errors.add(file + ":" + groupLine + ": group \"" + name + "\": interval must be a positive "
                                + "duration, got \"" + node.asText() + "\"");
                    }
                }
                default -> {
                    if (!GROUP_KEYS.contains(key)) {
                        errors.add(file + ":" + groupLine + ": field " + key + " not found in type rulefmt.RuleGroup");
                    }
                }
            }
        }
        if (name == null || name.isBlank()) {
            errors.add(file + ":" + groupLine + ": groupname must not be empty");
            return null;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ruleNodes.size(); i++) {
            String where = file + ":" + ruleLines.get(i) + ": group \"" + name + "\"";
            Rule r = rule(where, ruleNodes.get(i), errors);
            if (r != null && !seen.add(r.name())) {
                errors.add(where + ": rule \"" + r.name() + "\": duplicate rule name in the group");
            } else if (r != null) {
                rules.add(r);
            }
        }
        return errors.size() > before ? null : new RuleGroup(name, file, interval, rules);
    }

    private static Rule rule(String where, JsonNode n, List<String> errors) {
        if (!n.isObject()) {
            errors.add(where + ": a rule must be a map");
            return null;
        }
        String alert = text(n, "alert");
        String record = text(n, "record");
        String name = alert != null ? alert : record;
        String at = where + ": rule \"" + (name == null ? "" : name) + "\"";
        int before = errors.size();
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String k = it.next();
            if (!RULE_KEYS.contains(k)) {
                errors.add(at + ": field " + k + " not found in type rulefmt.Rule");
            }
        }
        if ((alert == null) == (record == null)) {
            errors.add(at + ": exactly one of 'record' and 'alert' must be set");
            return null;
        }
        if (name.isBlank()) {
            errors.add(at + ": " + (alert != null ? "alert" : "record") + " name must not be empty");
        }
        String query = text(n, "expr");
        Expr expr = null;
        if (query == null || query.isBlank()) {
            errors.add(at + ": field 'expr' must be set in rule");
        } else {
            try {
                expr = Parser.parse(query);
                LogSelectors.of(expr);
            } catch (ParseException e) {
                errors.add(at + ": could not parse expression: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                errors.add(at + ": " + e.getMessage());
            }
        }
        JsonNode labelNode = n.get("labels");
        if (labelNode != null && labelNode.isObject()) {
            for (Iterator<String> it = labelNode.fieldNames(); it.hasNext();) {
                String k = it.next();
                if (!LABEL_NAME.matcher(k).matches()) {
                    errors.add(at + ": invalid label name: \"" + k + "\"");
                }
            }
        }
        if (record != null && !record.isBlank() && !METRIC_NAME.matcher(record).matches()) {
            errors.add(at + ": invalid recording rule name: \"" + record + "\"");
        }
        Map<String, Template> labels = templates(at, "labels", n.get("labels"), errors);
        if (record != null) {
            if (n.has("for") || n.has("keep_firing_for") || n.has("annotations")) {
                errors.add(at + ": invalid field 'for', 'keep_firing_for' or 'annotations' in recording rule");
            }
            Map<String, String> plain = new LinkedHashMap<>();
            labels.forEach((k, t) -> plain.put(k, t.source()));
            return errors.size() > before ? null : new RecordingRule(record, query, expr, plain);
        }
        long forMs = duration(at, "for", n, errors);
        long keepMs = duration(at, "keep_firing_for", n, errors);
        Map<String, Template> annotations = templates(at, "annotations", n.get("annotations"), errors);
        return errors.size() > before ? null
                : new AlertingRule(alert, query, expr, forMs, keepMs, labels, annotations);
    }

    private static long duration(String at, String key, JsonNode n, List<String> errors) {
        String s = text(n, key);
        if (s == null) {
            return 0;
        }
        long ms = Durations.parse(s);
        if (ms < 0) {
            errors.add(at + ": " + key + ": not a valid duration string: \"" + s + "\"");
        }
        return ms;
    }

    private static Map<String, Template> templates(String at, String field, JsonNode n, List<String> errors) {
        Map<String, Template> out = new LinkedHashMap<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            errors.add(at + ": " + field + " must be a map");
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                out.put(e.getKey(), Template.parse(e.getValue().asText()));
            } catch (TemplateException ex) {
                errors.add(at + ": " + field + " \"" + e.getKey() + "\": template: " + ex.getMessage());
            }
        }
        return out;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
