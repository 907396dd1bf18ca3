package dev.sightline.server;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format 0.0.4 for tests: every line must be a {@code # HELP}, a
 * {@code # TYPE} (before the family's samples, once), or a sample of a declared family; label values are
 * unescaped; histogram buckets must be cumulative with {@code +Inf} equal to {@code _count}. Returns each series
 * as {@code name{a="x",b="y"}} (labels sorted) mapped to its value. Complements {@code promtool check metrics},
 * which CI installs; this one always runs.
 */
final class PrometheusTextParser {
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"(,|$)");

    private PrometheusTextParser() {
    }

    static Map<String, Double> parse(String text) {
        Map<String, String> types = new HashMap<>();
        Map<String, Double> out = new LinkedHashMap<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                if (parts.length != 4 || !parts[3].matches("counter|gauge|histogram|summary|untyped")) {
                    throw new IllegalArgumentException("line " + n + ": bad TYPE line: " + line);
                }
                if (types.put(parts[2], parts[3]) != null) {
                    throw new IllegalArgumentException("line " + n + ": second TYPE for " + parts[2]);
                }
                continue;
            }
            if (line.startsWith("# ")) {
                continue; // HELP and comments
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("line " + n + ": not a sample: " + line);
            }
            String name = m.group(1);
            String family = family(name, types);
            if (family == null) {
                throw new IllegalArgumentException("line " + n + ": sample " + name + " before its TYPE line");
            }
            TreeMap<String, String> labels = new TreeMap<>();
            if (m.group(3) != null && !m.group(3).isEmpty()) {
                Matcher l = LABEL.matcher(m.group(3));
                int at = 0;
                while (at < m.group(3).length()) {
                    if (!l.find(at) || l.start() != at) {
                        throw new IllegalArgumentException("line " + n + ": bad labels: " + m.group(3));
                    }
                    if (labels.put(l.group(1), unescape(l.group(2))) != null) {
                        throw new IllegalArgumentException("line " + n + ": label " + l.group(1) + " twice");
                    }
                    at = l.end();
                }
            }
            double value = switch (m.group(4)) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(m.group(4));
            };
            String key = key(name, labels);
            if (out.put(key, value) != null) {
                throw new IllegalArgumentException("line " + n + ": duplicate series " + key);
            }
        }
        checkHistograms(types, out);
        return out;
    }

    private static String family(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            String base = name.endsWith(suffix) ? name.substring(0, name.length() - suffix.length()) : null;
            if (base != null && "histogram".equals(types.get(base))) {
                return base;
            }
        }
        return null;
    }

    private static void checkHistograms(Map<String, String> types, Map<String, Double> series) {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            series.forEach((key, count) -> {
                if (!key.startsWith(family + "_count")) {
                    return;
                }
                String labels = key.substring((family + "_count").length());
                String inner = labels.isEmpty() ? "" : labels.substring(1, labels.length() - 1) + ",";
                // le sorts among the other labels; rebuild the +Inf bucket's key the same way
                TreeMap<String, String> ls = new TreeMap<>();
                for (String pair : inner.isEmpty() ? new String[0] : inner.split(",(?=[a-zA-Z_]+=\")")) {
                    String p = pair.endsWith(",") ? pair.substring(0, pair.length() - 1) : pair;
                    int eq = p.indexOf('=');
                    ls.put(p.substring(0, eq), p.substring(eq + 2, p.length() - 1));
                }
                ls.put("le", "+Inf");
                Double inf = series.get(key(family + "_bucket", ls));
                if (inf == null || !inf.equals(count)) {
                    throw new IllegalArgumentException(family + labels + ": +Inf bucket " + inf + " != count " + count);
                }
            });
        });
    }

    static String key(String name, TreeMap<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> sb.append(k).append("=\"").append(v).append("\","));
        sb.setLength(sb.length() - 1);
        return sb.append('}').toString();
    }

    private static String unescape(String v) {
        return v.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
