package dev.sightline.storage.model;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The one regex compiler of label matchers and {@code label_replace}: Go RE2 syntax as Prometheus accepts it
 * ({@code (?P<name>…)}, POSIX classes such as {@code [[:alpha:]]}; no backreferences, lookaround or possessive
 * quantifiers), fully anchored as {@code ^(?s:re)$}. Compiled by RE2/J, so matching takes linear time and a
 * hostile regex cannot hang a query. The shapes label regexes mostly take (alternations of literals,
 * {@code prefix.*}, {@code .*part.*}, {@code .+}) are answered by string comparison, as Prometheus'
 * {@code FastRegexMatcher} does, without running the automaton. Immutable and thread-safe.
 */
public final class LabelRegex {
    private final String regex;
    private final Pattern pattern;
    private final Shortcut shortcut; // null when the regex has no simpler shape

    private LabelRegex(String regex, Pattern pattern, Shortcut shortcut) {
        this.regex = regex;
        this.pattern = pattern;
        this.shortcut = shortcut;
    }

    /** @throws InvalidRegexException naming the regex and RE2's reason */
    public static LabelRegex compile(String regex) {
        Pattern p;
        try {
            p = Pattern.compile("^(?s:" + regex + ")$");
        } catch (PatternSyntaxException e) {
            throw new InvalidRegexException(regex, e.getDescription(), e);
        }
        return new LabelRegex(regex, p, Shortcut.of(regex));
    }

    /** The regex as written, without the anchors. */
    public String regex() {
        return regex;
    }

    /** Whether the whole of {@code value} matches. */
    public boolean matches(String value) {
        return shortcut != null ? shortcut.matches(value) : pattern.matches(value);
    }

    /** The capture groups of a whole match of {@code value}, or null when it does not match. */
    public Groups match(String value) {
        com.google.re2j.Matcher m = pattern.matcher(value);
        return m.matches() ? new Groups(m) : null;
    }

    @Override
    public String toString() {
        return regex;
    }

    /** The groups of one match (numbered from 1, or by {@code (?P<name>…)}). Not thread-safe. */
    public static final class Groups {
        private final com.google.re2j.Matcher m;

        private Groups(com.google.re2j.Matcher m) {
            this.m = m;
        }

        public int count() {
            return m.groupCount();
        }

        /** Group {@code i}, or null when out of range or it did not participate. */
        public String group(int i) {
            return i < 0 || i > m.groupCount() ? null : m.group(i);
        }

        /** The named group, or null when there is none of that name or it did not participate. */
        public String group(String name) {
            try {
                return m.group(name);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /**
     * A regex that is an alternation of branches, each a literal or a literal with {@code .*} before, after or
     * around it, or {@code .+}. Literal characters are plain ones and backslash-escaped ASCII punctuation;
     * anything else (a class, a group, a flag, another escape or quantifier) means no shortcut.
     */
    private record Shortcut(Set<String> literals, List<Branch> others) {
        private static final String META = "\\.+*?()|[]{}^$";

        boolean matches(String v) {
            if (literals.contains(v)) {
                return true;
            }
            for (int i = 0, n = others.size(); i < n; i++) {
                if (others.get(i).matches(v)) {
                    return true;
                }
            }
            return false;
        }

        static Shortcut of(String re) {
            Set<String> literals = new HashSet<>();
            List<Branch> others = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= re.length(); i++) {
                if (i < re.length() && re.charAt(i) == '\\') {
                    i++;
                } else if (i >= re.length() || re.charAt(i) == '|') {
                    String branch = re.substring(start, Math.min(i, re.length()));
                    start = i + 1;
                    String literal = literal(branch);
                    if (literal != null) {
                        literals.add(literal);
                        continue;
                    }
                    Branch b = Branch.of(branch);
                    if (b == null) {
                        return null;
                    }
                    others.add(b);
                }
            }
            return new Shortcut(literals, others);
        }

        /** The text {@code s} matches literally, or null when it has a metacharacter or another escape. */
        static String literal(String s) {
            StringBuilder out = null;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\') {
                    if (i + 1 >= s.length() || !isAsciiPunctuation(s.charAt(i + 1))) {
                        return null;
                    }
                    if (out == null) {
                        out = new StringBuilder(s.substring(0, i));
                    }
                    out.append(s.charAt(++i));
                } else if (META.indexOf(c) >= 0) {
                    return null;
                } else if (out != null) {
                    out.append(c);
                }
            }
            return out == null ? s : out.toString();
        }

        private static boolean isAsciiPunctuation(char c) {
            return c < 0x80 && !Character.isLetterOrDigit(c) && c > ' ' && c != 0x7f;
        }
    }

    /** One branch that is not a plain literal: {@code .+}, {@code L.*}, {@code .*L} or {@code .*L.*}. */
    private record Branch(Kind kind, String literal) {
        enum Kind { NON_EMPTY, PREFIX, SUFFIX, CONTAINS }

        boolean matches(String v) {
            return switch (kind) {
                case NON_EMPTY -> !v.isEmpty();
                case PREFIX -> v.startsWith(literal);
                case SUFFIX -> v.endsWith(literal);
                case CONTAINS -> v.contains(literal);
            };
        }

        static Branch of(String s) {
            if (s.equals(".+")) {
                return new Branch(Kind.NON_EMPTY, "");
            }
            if (s.equals(".*")) {
                return new Branch(Kind.PREFIX, "");
            }
            boolean leading = s.startsWith(".*");
            boolean trailing = s.endsWith(".*") && !escaped(s, s.length() - 2);
            if (!leading && !trailing) {
                return null;
            }
            int from = leading ? 2 : 0;
            String literal = Shortcut.literal(s.substring(from, Math.max(from, s.length() - (trailing ? 2 : 0))));
            if (literal == null) {
                return null;
            }
            return new Branch(leading && trailing ? Kind.CONTAINS : leading ? Kind.SUFFIX : Kind.PREFIX, literal);
        }

        /** Whether the character at {@code at} is escaped by an odd run of backslashes before it. */
        private static boolean escaped(String s, int at) {
            int backslashes = 0;
            for (int i = at - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
                backslashes++;
            }
            return backslashes % 2 == 1;
        }
    }
}
