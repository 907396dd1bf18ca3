package dev.sightline.query.promql.functions;

import dev.sightline.query.promql.value.QueryException;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.storage.model.InvalidRegexException;
import dev.sightline.storage.model.LabelRegex;
import dev.sightline.storage.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** label_replace and label_join. */
public final class LabelFunctions {
    private static final Pattern LABEL_NAME = Pattern.compile("^[a-zA-Z_][a-zA-Z0-9_]*$");

    private LabelFunctions() {
    }

    static boolean validLabelName(String name) {
        return !name.isEmpty() && isValidUtf8Name(name);
    }

    private static boolean isValidUtf8Name(String name) {
        // Prometheus 3 accepts any valid UTF-8 label name; Java strings hold valid UTF-16 unless they carry
        // lone surrogates or the replacement character from undecodable input.
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\uFFFD' || Character.isSurrogate(c) && !Character.isHighSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    public static List<Sample> labelReplace(List<Sample> in, String dst, String repl, String src, String regex) {
        LabelRegex re;
        try {
            re = LabelRegex.compile(regex);
        } catch (InvalidRegexException e) {
            throw QueryException.execution("invalid regular expression in label_replace(): " + regex);
        }
        if (!validLabelName(dst)) {
            throw QueryException.execution("invalid destination label name in label_replace(): " + dst);
        }
        List<Sample> out = new ArrayList<>(in.size());
        for (Sample s : in) {
            LabelRegex.Groups m = re.match(s.labels().get(src));
            if (m == null) {
                out.add(s);
                continue;
            }
            String value = expand(repl, m);
            Labels l = s.labels().with(dst, value);
            out.add(new Sample(l, s.value(), dst.equals(Labels.METRIC_NAME) ? false : s.dropName()));
        }
        return out;
    }

    public static List<Sample> labelJoin(List<Sample> in, String dst, String sep, List<String> srcs) {
        if (!validLabelName(dst)) {
            throw QueryException.execution("invalid destination label name in label_join(): " + dst);
        }
        for (String src : srcs) {
            if (!validLabelName(src)) {
                throw QueryException.execution("invalid source label name in label_join(): " + src);
            }
        }
        List<Sample> out = new ArrayList<>(in.size());
        for (Sample s : in) {
            List<String> parts = new ArrayList<>();
            for (String src : srcs) {
                parts.add(s.labels().get(src));
            }
            Labels l = s.labels().with(dst, String.join(sep, parts));
            out.add(new Sample(l, s.value(), dst.equals(Labels.METRIC_NAME) ? false : s.dropName()));
        }
        return out;
    }

    /** Go's {@code Regexp.Expand}: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}. */
    static String expand(String template, LabelRegex.Groups m) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                sb.append(c);
                i++;
                continue;
            }
            char d = template.charAt(i + 1);
            if (d == '$') {
                sb.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (d == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0) {
                    sb.append(c);
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                end = close + 1;
            } else {
                int j = i + 1;
                while (j < template.length() && (Character.isLetterOrDigit(template.charAt(j))
                        || template.charAt(j) == '_')) {
                    j++;
                }
                name = template.substring(i + 1, j);
                end = j;
            }
            if (name.isEmpty() || !name.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
                sb.append(c);
                i++;
                continue;
            }
            sb.append(group(m, name));
            i = end;
        }
        return sb.toString();
    }

    private static String group(LabelRegex.Groups m, String name) {
        String g;
        if (name.chars().allMatch(Character::isDigit)) {
            try {
                g = m.group(Integer.parseInt(name));
            } catch (NumberFormatException e) {
                g = null;
            }
        } else {
            g = m.group(name);
        }
        return g == null ? "" : g;
    }

    static boolean legacyName(String s) {
        return LABEL_NAME.matcher(s).matches();
    }
}
