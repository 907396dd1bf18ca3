package dev.sightline.alerting;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A small implementation of the Prometheus rule templates (Go {@code text/template}): text and
 * {@code {{ pipeline }}} actions with {@code {{-}}/{@code -}}} trimming; operands {@code $value},
 * {@code $labels}, {@code $labels.name}, {@code $externalLabels.name}, {@code $externalURL}, {@code .Value},
 * {@code .Labels.name} and string or number literals; functions {@code humanize}, {@code humanize1024},
 * {@code humanizePercentage}, {@code humanizeDuration}, {@code toUpper}, {@code toLower}, {@code title},
 * called as {@code f x} or {@code x | f}. Control actions ({@code if}, {@code range}) are not supported and are
 * rejected at load time, as is any other function. Immutable; thread-safe.
 */
public final class Template {
    static final Set<String> FUNCTIONS = Set.of("humanize", "humanize1024", "humanizePercentage",
            "humanizeDuration", "toUpper", "toLower", "title");

    private sealed interface Part permits Text, Action {
    }

    private record Text(String text) implements Part {
    }

    private record Action(List<List<String>> commands) implements Part {
    }

    /** What a template can read. */
    public record Data(Map<String, String> labels, double value, Map<String, String> externalLabels,
            String externalUrl) {
    }

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    public String source() {
        return source;
    }

    /** Parses {@code text}; unknown functions and unsupported actions are errors. */
    public static Template parse(String text) throws TemplateException {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        StringBuilder pending = new StringBuilder();
        while (i < text.length()) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                pending.append(text, i, text.length());
                break;
            }
            pending.append(text, i, open);
            int close = text.indexOf("}}", open + 2);
            if (close < 0) {
                throw new TemplateException("unclosed action at offset " + open);
            }
            String inner = text.substring(open + 2, close);
            if (inner.startsWith("- ") || inner.equals("-")) {
                int end = pending.length();
                while (end > 0 && Character.isWhitespace(pending.charAt(end - 1))) {
                    end--;
                }
                pending.setLength(end);
                inner = inner.substring(1);
            }
            i = close + 2;
            if (inner.endsWith(" -")) {
                inner = inner.substring(0, inner.length() - 2);
                while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
            }
            if (!pending.isEmpty()) {
                parts.add(new Text(pending.toString()));
                pending.setLength(0);
            }
            parts.add(parseAction(inner.strip()));
        }
        if (!pending.isEmpty()) {
            parts.add(new Text(pending.toString()));
        }
        return new Template(text, List.copyOf(parts));
    }

    private static Action parseAction(String inner) throws TemplateException {
        if (inner.isEmpty()) {
            throw new TemplateException("missing value for command");
        }
        List<List<String>> commands = new ArrayList<>();
        for (String cmd : splitPipes(inner)) {
            List<String> words = words(cmd.strip());
            if (words.isEmpty()) {
                throw new TemplateException("missing command in pipeline \"" + inner + "\"");
            }
            String first = words.getFirst();
            if (Set.of("if", "else", "end", "range", "with", "define", "template", "block").contains(first)) {
                throw new TemplateException("action \"" + first + "\" is not supported by Sightline's templates");
            }
            for (int k = 0; k < words.size(); k++) {
                String w = words.get(k);
                if (isOperand(w)) {
                    continue;
                }
                if (k == 0 && FUNCTIONS.contains(w)) {
                    continue;
                }
                if (w.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new TemplateException("function \"" + w + "\" not defined");
                }
                throw new TemplateException("unexpected \"" + w + "\" in command");
            }
            commands.add(List.copyOf(words));
        }
        return new Action(List.copyOf(commands));
    }

    private static boolean isOperand(String w) {
        return w.startsWith("$") || w.startsWith(".") || w.startsWith("\"") || w.startsWith("`")
                || w.matches("-?[0-9][0-9.eE+-]*");
    }

    private static List<String> splitPipes(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\' && quote == '"') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '`') {
                quote = c;
            } else if (c == '|') {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    private static List<String> words(String s) throws TemplateException {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '"' || c == '`') {
                i++;
                while (i < s.length() && s.charAt(i) != c) {
                    i += s.charAt(i) == '\\' && c == '"' ? 2 : 1;
                }
                if (i >= s.length()) {
                    throw new TemplateException("unterminated quoted string");
                }
                i++;
            } else {
                while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
            }
            out.add(s.substring(start, i));
        }
        return out;
    }

    /** Expands the template over {@code data}. */
    public String expand(Data data) throws TemplateException {
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            switch (p) {
                case Text t -> sb.append(t.text());
                case Action a -> sb.append(print(run(a, data)));
            }
        }
        return sb.toString();
    }

    private static Object run(Action a, Data data) throws TemplateException {
        Object piped = null;
        boolean first = true;
        for (List<String> words : a.commands()) {
            String head = words.getFirst();
            List<Object> args = new ArrayList<>();
            boolean call = FUNCTIONS.contains(head);
            for (int k = call ? 1 : 0; k < words.size(); k++) {
                args.add(operand(words.get(k), data));
            }
            if (!first) {
                args.add(piped);
            }
            if (call) {
                if (args.size() != 1) {
                    throw new TemplateException("wrong number of args for " + head + ": want 1 got " + args.size());
                }
                piped = function(head, args.getFirst());
            } else {
                if (args.size() != 1) {
                    throw new TemplateException("can't give argument to non-function " + head);
                }
                piped = args.getFirst();
            }
            first = false;
        }
        return piped;
    }

    private static Object operand(String w, Data data) throws TemplateException {
        if (w.startsWith("\"")) {
            return w.substring(1, w.length() - 1).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\");
        }
        if (w.startsWith("`")) {
            return w.substring(1, w.length() - 1);
        }
        if (w.startsWith("$") || w.startsWith(".")) {
            String[] path = w.split("\\.", -1);
            String root = w.startsWith(".") ? "." + path[1] : path[0];
            int rest = w.startsWith(".") ? 2 : 1;
            Object base = switch (root) {
                case "$value", ".Value" -> data.value();
                case "$labels", ".Labels" -> new TreeMap<>(data.labels());
                case "$externalLabels", ".ExternalLabels" -> new TreeMap<>(data.externalLabels());
                case "$externalURL", ".ExternalURL" -> data.externalUrl();
                case "$" -> throw new TemplateException("undefined variable \"$\"");
                default -> throw new TemplateException("undefined variable \"" + root + "\"");
            };
            for (int k = rest; k < path.length; k++) {
                if (!(base instanceof Map<?, ?> m)) {
                    throw new TemplateException("can't evaluate field " + path[k] + " in " + w);
                }
                Object v = m.get(path[k]);
                base = v == null ? "<no value>" : v;
            }
            return base;
        }
        try {
            return Double.parseDouble(w);
        } catch (NumberFormatException e) {
            throw new TemplateException("bad number syntax: \"" + w + "\"");
        }
    }

    private static Object function(String name, Object arg) throws TemplateException {
        return switch (name) {
            case "toUpper" -> print(arg).toUpperCase(Locale.ROOT);
            case "toLower" -> print(arg).toLowerCase(Locale.ROOT);
            case "title" -> title(print(arg));
            default -> Humanize.apply(name, number(arg));
        };
    }

    private static double number(Object arg) throws TemplateException {
        if (arg instanceof Double d) {
            return d;
        }
        try {
            return Double.parseDouble(print(arg).strip());
        } catch (NumberFormatException e) {
            throw new TemplateException("strconv.ParseFloat: parsing \"" + print(arg) + "\": invalid syntax");
        }
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            sb.append(start ? Character.toTitleCase(c) : c);
            start = !Character.isLetterOrDigit(c);
        }
        return sb.toString();
    }

    private static String print(Object v) {
        if (v instanceof Double d) {
            return GoFormat.value(d);
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("map[");
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(first ? "" : " ").append(e.getKey()).append(':').append(e.getValue());
                first = false;
            }
            return sb.append(']').toString();
        }
        return String.valueOf(v);
    }
}
