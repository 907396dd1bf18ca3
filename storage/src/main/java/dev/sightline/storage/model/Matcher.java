package dev.sightline.storage.model;

import java.util.List;

/**
 * A label matcher, as Prometheus' {@code labels.Matcher}: {@code name="v"}, {@code !=}, {@code =~} or
 * {@code !~}. Regexes are Go RE2 syntax, fully anchored ({@link LabelRegex}). A label that is absent has the
 * value "", so {@code foo=""} matches series without {@code foo}, and {@code foo!~".+"} too. Immutable;
 * equality is type, name and value.
 */
public final class Matcher {
    private final MatchType type;
    private final String name;
    private final String value;
    private final LabelRegex regex; // null unless REGEX or NOT_REGEX
    private final boolean matchesEmpty;

    private Matcher(MatchType type, String name, String value, LabelRegex regex) {
        this.type = type;
        this.name = name;
        this.value = value;
        this.regex = regex;
        this.matchesEmpty = matches("");
    }

    /** @throws InvalidRegexException naming the regex and the reason when a regex does not compile */
    public static Matcher of(MatchType type, String name, String value) {
        if (type == null || name == null || value == null) {
            throw new IllegalArgumentException("a matcher needs a type, a name and a value, got " + type + " "
                    + name + " " + value);
        }
        boolean isRegex = type == MatchType.REGEX || type == MatchType.NOT_REGEX;
        return new Matcher(type, name, value, isRegex ? LabelRegex.compile(value) : null);
    }

    public static Matcher equal(String name, String value) {
        return of(MatchType.EQUAL, name, value);
    }

    public MatchType type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /** Whether a label value ("" when the label is absent) satisfies this matcher. */
    public boolean matches(String v) {
        return switch (type) {
            case EQUAL -> value.equals(v);
            case NOT_EQUAL -> !value.equals(v);
            case REGEX -> regex.matches(v);
            case NOT_REGEX -> !regex.matches(v);
        };
    }

    /** Whether the value of this matcher's label in {@code labels} ("" when absent) satisfies it. */
    public boolean matches(Labels labels) {
        return matches(labels.get(name));
    }

    /** Whether {@code labels} satisfy every matcher. */
    public static boolean matchAll(List<Matcher> matchers, Labels labels) {
        for (int i = 0, n = matchers.size(); i < n; i++) {
            if (!matchers.get(i).matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this matcher matches the empty string, so it also selects series without the label. */
    public boolean matchesEmpty() {
        return matchesEmpty;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && type == m.type && name.equals(m.name) && value.equals(m.value);
    }

    @Override
    public int hashCode() {
        return (type.hashCode() * 31 + name.hashCode()) * 31 + value.hashCode();
    }

    /** As PromQL and Alertmanager print it: {@code name=~"value"}, the value quoted and escaped. */
    @Override
    public String toString() {
        return name + type.symbol() + "\"" + Labels.escape(value) + "\"";
    }
}
