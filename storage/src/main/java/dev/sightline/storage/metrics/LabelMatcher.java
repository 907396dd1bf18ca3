package dev.sightline.storage.metrics;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Prometheus label matcher: {@code name = "v"}, {@code !=}, {@code =~} or {@code !~}. Regexes are fully
 * anchored, as in Prometheus. A label that is absent has the value "", so {@code foo=""} matches series without
 * {@code foo}, and {@code foo!~".+"} too.
 */
public record LabelMatcher(Type type, String name, String value, Pattern pattern) {
    /** The four matcher kinds. */
    public enum Type {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String symbol;

        Type(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /**
     * @throws IllegalArgumentException naming the regex when it does not compile
     */
    public static LabelMatcher of(Type type, String name, String value) {
        Pattern p = null;
        if (type == Type.REGEX || type == Type.NOT_REGEX) {
            try {
                p = Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regular expression \"" + value + "\" for label " + name
                        + ": " + e.getDescription());
            }
        }
        return new LabelMatcher(type, name, value, p);
    }

    public static LabelMatcher equal(String name, String value) {
        return of(Type.EQUAL, name, value);
    }

    /** Whether a label value ("" when the label is absent) satisfies this matcher. */
    public boolean matches(String v) {
        return switch (type) {
            case EQUAL -> value.equals(v);
            case NOT_EQUAL -> !value.equals(v);
            case REGEX -> pattern.matcher(v).matches();
            case NOT_REGEX -> !pattern.matcher(v).matches();
        };
    }

    /** Whether this matcher accepts series that lack the label. */
    public boolean matchesEmpty() {
        return matches("");
    }

    @Override
    public String toString() {
        return name + type.symbol + "\"" + value + "\"";
    }
}
