package dev.sightline.query.promql.storage;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A label matcher. Regexes are fully anchored, as in Prometheus ({@code ^(?s:re)$}); a missing label
 * matches as the empty string.
 */
public record Matcher(MatchType type, String name, String value, Pattern pattern) {

    public static Matcher of(MatchType type, String name, String value) {
        Pattern p = null;
        if (type == MatchType.REGEX || type == MatchType.NOT_REGEX) {
            p = compile(value);
        }
        return new Matcher(type, name, value, p);
    }

    /**
     * Compiles an anchored Prometheus (RE2) regex; Go's named groups {@code (?P<name>...)} are accepted. Throws
     * {@link PatternSyntaxException} when invalid.
     */
    public static Pattern compile(String re) {
        return Pattern.compile("^(?:" + re.replace("(?P<", "(?<") + ")$", Pattern.DOTALL);
    }

    public boolean matches(String v) {
        return switch (type) {
            case EQUAL -> value.equals(v);
            case NOT_EQUAL -> !value.equals(v);
            case REGEX -> pattern.matcher(v).matches();
            case NOT_REGEX -> !pattern.matcher(v).matches();
        };
    }

    /** Whether this matcher matches the empty string (so it also selects series without the label). */
    public boolean matchesEmpty() {
        return matches("");
    }

    @Override
    public String toString() {
        return name + type.symbol() + "\"" + Labels.escape(value) + "\"";
    }
}
