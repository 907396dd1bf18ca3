package dev.sightline.alerting.notify;

import dev.sightline.storage.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A label matcher as Alertmanager's routes and Prometheus' selectors write it: {@code name="value"},
 * {@code name!="value"}, {@code name=~"regex"}, {@code name!~"regex"}. Regexes are anchored; a missing label
 * matches as "". Immutable.
 */
public record Matcher(String name, Op op, String value, Pattern pattern) {
    public enum Op {
        EQ("="), NE("!="), RE("=~"), NRE("!~");

        final String text;

        Op(String text) {
            this.text = text;
        }
    }

    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^\"\\s,{}]*)\\s*");

    public static Matcher of(String name, Op op, String value) {
        Pattern p = null;
        if (op == Op.RE || op == Op.NRE) {
            try {
                p = Pattern.compile("^(?s:" + value + ")$");
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regex \"" + value + "\" for label " + name + ": "
                        + e.getDescription());
            }
        }
        return new Matcher(name, op, value, p);
    }

    /** One matcher such as {@code severity="page"} (quotes optional, as in Alertmanager's {@code matchers}). */
    public static Matcher parse(String text) {
        java.util.regex.Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a label matcher: \"" + text + "\" (expected name=\"value\", "
                    + "name!=\"value\", name=~\"regex\" or name!~\"regex\")");
        }
        return of(m.group(1), op(m.group(2)), unquote(m.group(3)));
    }

    /** A set such as {@code {severity="page", team=~"db|web"}} (braces optional, comma-separated). */
    public static List<Matcher> parseSet(String text) {
        String s = text.strip();
        if (s.startsWith("{") && s.endsWith("}")) {
            s = s.substring(1, s.length() - 1);
        }
        List<Matcher> out = new ArrayList<>();
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : ',';
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                String part = s.substring(start, Math.min(i, s.length()));
                if (!part.isBlank()) {
                    out.add(parse(part));
                }
                start = i + 1;
            }
        }
        return out;
    }

    private static Op op(String s) {
        return switch (s) {
            case "=" -> Op.EQ;
            case "!=" -> Op.NE;
            case "=~" -> Op.RE;
            default -> Op.NRE;
        };
    }

    private static String unquote(String s) {
        if (s.length() < 2 || !s.startsWith("\"")) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() - 1) {
                char n = s.charAt(++i);
                b.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    public boolean matches(Labels labels) {
        String v = labels.get(name);
        return switch (op) {
            case EQ -> v.equals(value);
            case NE -> !v.equals(value);
            case RE -> pattern.matcher(v).matches();
            case NRE -> !pattern.matcher(v).matches();
        };
    }

    public static boolean all(List<Matcher> matchers, Labels labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** As Alertmanager prints it: {@code name="value"} with the value quoted and escaped. */
    @Override
    public String toString() {
        return name + op.text + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                + "\"";
    }
}
