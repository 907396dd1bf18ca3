package dev.sightline.alerting.notify;

import dev.sightline.storage.model.InvalidRegexException;
import dev.sightline.storage.model.MatchType;
import dev.sightline.storage.model.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads label matchers as Alertmanager's routes and its {@code matchers} write them: {@code name="value"},
 * {@code name!="value"}, {@code name=~"regex"}, {@code name!~"regex"}, quotes optional, and sets such as
 * {@code {severity="page", team=~"db|web"}}. Produces storage's {@link Matcher} (RE2 regexes, anchored; a
 * missing label matches as ""). Stateless.
 */
public final class MatcherText {
    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^\"\\s,{}]*)\\s*");

    private MatcherText() {
    }

    /** @throws IllegalArgumentException naming the regex, the label and RE2's reason when a regex is invalid */
    public static Matcher of(String name, MatchType type, String value) {
        try {
            return Matcher.of(type, name, value);
        } catch (InvalidRegexException e) {
            throw new IllegalArgumentException("invalid regex \"" + value + "\" for label " + name + ": "
                    + e.reason(), e);
        }
    }

    /** One matcher such as {@code severity="page"} (quotes optional, as in Alertmanager's {@code matchers}). */
    public static Matcher parse(String text) {
        java.util.regex.Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a label matcher: \"" + text + "\" (expected name=\"value\", "
                    + "name!=\"value\", name=~\"regex\" or name!~\"regex\")");
        }
        return of(m.group(1), type(m.group(2)), unquote(m.group(3)));
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

    private static MatchType type(String s) {
        return switch (s) {
            case "=" -> MatchType.EQUAL;
            case "!=" -> MatchType.NOT_EQUAL;
            case "=~" -> MatchType.REGEX;
            default -> MatchType.NOT_REGEX;
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
}
