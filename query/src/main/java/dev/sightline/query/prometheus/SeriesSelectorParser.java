package dev.sightline.query.prometheus;

import dev.sightline.storage.model.InvalidRegexException;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.MatchType;
import dev.sightline.storage.model.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a PromQL series selector, the form {@code match[]} takes: {@code up}, {@code up{job="x"}},
 * {@code {__name__=~"http_.*", code!="200"}}, with string literals in double, single or back quotes and Go's
 * escapes. Like Prometheus, refuses a selector whose every matcher matches the empty string. The full PromQL
 * grammar lives elsewhere; this is only its selector.
 */
public final class SeriesSelectorParser {
    private final String in;
    private int pos;

    private SeriesSelectorParser(String in) {
        this.in = in;
    }

    /** @throws IllegalArgumentException with the position and the reason */
    public static List<Matcher> parse(String selector) {
        SeriesSelectorParser p = new SeriesSelectorParser(selector);
        List<Matcher> out = p.selector();
        p.skipSpace();
        if (p.pos != selector.length()) {
            throw p.error("unexpected \"" + selector.substring(p.pos) + "\" after the selector");
        }
        if (out.stream().allMatch(Matcher::matchesEmpty)) {
            throw new IllegalArgumentException("parse error: vector selector must contain at least one non-empty matcher");
        }
        return out;
    }

    private List<Matcher> selector() {
        List<Matcher> out = new ArrayList<>();
        skipSpace();
        if (pos < in.length() && isNameStart(in.charAt(pos), true)) {
            out.add(Matcher.equal(Labels.METRIC_NAME, name(true)));
            skipSpace();
        }
        if (pos < in.length() && in.charAt(pos) == '{') {
            pos++;
            while (true) {
                skipSpace();
                if (peek('}')) {
                    pos++;
                    break;
                }
                out.add(matcher());
                skipSpace();
                if (peek(',')) {
                    pos++;
                } else if (peek('}')) {
                    pos++;
                    break;
                } else {
                    throw error("expected \",\" or \"}\" in label matchers");
                }
            }
        }
        if (out.isEmpty()) {
            throw error("expected a metric name or \"{\"");
        }
        return out;
    }

    private Matcher matcher() {
        String name = peek('"') ? string() : name(false);
        skipSpace();
        MatchType type;
        if (in.startsWith("=~", pos)) {
            type = MatchType.REGEX;
        } else if (in.startsWith("!~", pos)) {
            type = MatchType.NOT_REGEX;
        } else if (in.startsWith("!=", pos)) {
            type = MatchType.NOT_EQUAL;
        } else if (peek('=')) {
            type = MatchType.EQUAL;
        } else {
            throw error("expected a matcher operator (=, !=, =~, !~) after label " + name);
        }
        pos += type.symbol().length();
        skipSpace();
        String value = string();
        try {
            return Matcher.of(type, name, value);
        } catch (InvalidRegexException e) {
            throw error("invalid regular expression \"" + e.regex() + "\" for label " + name + ": " + e.reason());
        }
    }

    private String name(boolean metric) {
        int start = pos;
        if (pos >= in.length() || !isNameStart(in.charAt(pos), metric)) {
            throw error("expected a label name");
        }
        while (pos < in.length() && (isNameStart(in.charAt(pos), metric) || Character.isDigit(in.charAt(pos)))) {
            pos++;
        }
        return in.substring(start, pos);
    }

    private static boolean isNameStart(char c, boolean metric) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metric && c == ':');
    }

    private String string() {
        if (pos >= in.length() || "\"'`".indexOf(in.charAt(pos)) < 0) {
            throw error("expected a quoted string");
        }
        char quote = in.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (pos < in.length()) {
            char c = in.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\\' && quote != '`') {
                if (pos >= in.length()) {
                    break;
                }
                char e = in.charAt(pos++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'a' -> sb.append('\u0007');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'v' -> sb.append('\u000b');
                    case '\\', '"', '\'' -> sb.append(e);
                    case 'x' -> sb.append((char) hex(2));
                    case 'u' -> sb.appendCodePoint(hex(4));
                    case 'U' -> sb.appendCodePoint(hex(8));
                    default -> throw error("unknown escape sequence \\" + e);
                }
            } else {
                sb.append(c);
            }
        }
        throw error("unterminated quoted string");
    }

    private int hex(int digits) {
        if (pos + digits > in.length()) {
            throw error("truncated escape sequence");
        }
        try {
            int v = Integer.parseUnsignedInt(in.substring(pos, pos + digits), 16);
            pos += digits;
            return v;
        } catch (NumberFormatException e) {
            throw error("invalid escape sequence \"" + in.substring(pos, pos + digits) + "\"");
        }
    }

    private boolean peek(char c) {
        return pos < in.length() && in.charAt(pos) == c;
    }

    private void skipSpace() {
        while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String why) {
        return new IllegalArgumentException("1:" + (pos + 1) + ": parse error: " + why);
    }
}
