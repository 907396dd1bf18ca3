package dev.sightline.query.promql;

import dev.sightline.query.promql.ast.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Prometheus' promqltest script format into commands. */
final class TestScript {
    sealed interface Command permits Load, Clear, Eval {
    }

    record SeriesLine(String metric, List<Double> values, boolean nativeHistogram) {
    }

    record Load(int line, long intervalMs, List<SeriesLine> series, boolean withNhcb) implements Command {
    }

    record Clear(int line) implements Command {
    }

    /** One evaluation with its expectations; {@code expected} lines are raw result lines. */
    static final class Eval implements Command {
        final int line;
        final String text;
        final String expr;
        final boolean range;
        final long start;
        final long end;
        final long step;
        boolean fail;
        String failMsg;
        String failRegex;
        boolean ordered;
        String expectString;
        /** Expected annotations: null = not checked, true = some expected, false = none allowed. */
        Boolean warn;
        Boolean info;
        String warnMsg;
        String infoMsg;
        long[] rangeVector;
        final List<String> expected = new ArrayList<>();

        Eval(int line, String text, String expr, boolean range, long start, long end, long step) {
            this.line = line;
            this.text = text;
            this.expr = expr;
            this.range = range;
            this.start = start;
            this.end = end;
            this.step = step;
        }

        boolean touchesNativeHistograms() {
            return expected.stream().anyMatch(l -> l.contains("{{"));
        }
    }

    private static final Pattern INSTANT = Pattern.compile("^eval(?:_(fail|warn|info|ordered))?\\s+instant\\s+at\\s+(\\S+)\\s+(.+)$");
    private static final Pattern RANGE = Pattern.compile(
            "^eval(?:_(fail|warn|info|ordered))?\\s+range\\s+from\\s+(\\S+)\\s+to\\s+(\\S+)\\s+step\\s+(\\S+)\\s+(.+)$");
    private static final Pattern RANGE_VECTOR = Pattern.compile("^range vector from (\\S+) to (\\S+) step (\\S+)$");

    static long time(String s) {
        long d = Durations.parse(s);
        if (d >= 0) {
            return d;
        }
        return Math.round(Double.parseDouble(s) * 1000);
    }

    static List<Command> parse(List<String> lines) {
        List<Command> out = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String raw = lines.get(i);
            String l = raw.strip();
            int lineNo = i + 1;
            i++;
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.equals("clear")) {
                out.add(new Clear(lineNo));
            } else if (l.startsWith("load")) {
                String[] parts = l.split("\\s+");
                List<SeriesLine> series = new ArrayList<>();
                while (i < lines.size() && !lines.get(i).isBlank() && Character.isWhitespace(lines.get(i).charAt(0))) {
                    String sl = lines.get(i).strip();
                    i++;
                    if (!sl.startsWith("#")) {
                        series.add(seriesLine(sl));
                    }
                }
                out.add(new Load(lineNo, time(parts[1]), series, parts[0].equals("load_with_nhcb")));
            } else if (l.startsWith("eval")) {
                Eval e = eval(lineNo, l);
                while (i < lines.size() && !lines.get(i).isBlank() && Character.isWhitespace(lines.get(i).charAt(0))) {
                    String el = lines.get(i).strip();
                    i++;
                    if (el.startsWith("#")) {
                        continue;
                    }
                    if (el.startsWith("expect ")) {
                        expect(e, el.substring(7).strip());
                    } else {
                        e.expected.add(el);
                    }
                }
                out.add(e);
            } else {
                throw new IllegalArgumentException("line " + lineNo + ": unknown command: " + l);
            }
        }
        return out;
    }

    private static Eval eval(int lineNo, String l) {
        Matcher m = INSTANT.matcher(l);
        Eval e;
        String mod;
        if (m.matches()) {
            mod = m.group(1);
            long t = time(m.group(2));
            e = new Eval(lineNo, l, m.group(3), false, t, t, 0);
        } else {
            m = RANGE.matcher(l);
            if (!m.matches()) {
                throw new IllegalArgumentException("line " + lineNo + ": bad eval: " + l);
            }
            mod = m.group(1);
            e = new Eval(lineNo, l, m.group(5), true, time(m.group(2)), time(m.group(3)), time(m.group(4)));
        }
        if ("warn".equals(mod)) {
            e.warn = true;
        } else if ("info".equals(mod)) {
            e.info = true;
        } else if ("fail".equals(mod)) {
            e.fail = true;
        } else if ("ordered".equals(mod)) {
            e.ordered = true;
        }
        return e;
    }

    private static void expect(Eval e, String s) {
        if (s.startsWith("fail")) {
            e.fail = true;
            String rest = s.substring(4).strip();
            if (rest.startsWith("msg:")) {
                e.failMsg = rest.substring(4).strip();
            } else if (rest.startsWith("regex:")) {
                e.failRegex = rest.substring(6).strip();
            }
        } else if (s.equals("ordered")) {
            e.ordered = true;
        } else if (s.startsWith("string")) {
            String q = s.substring(6).strip();
            e.expectString = q.substring(1, q.length() - 1);
        } else if (s.startsWith("range vector")) {
            Matcher m = RANGE_VECTOR.matcher(s);
            if (m.matches()) {
                e.rangeVector = new long[] {time(m.group(1)), time(m.group(2)), time(m.group(3))};
            }
        } else if (s.startsWith("warn")) {
            e.warn = true;
            e.warnMsg = msg(s.substring(4));
        } else if (s.startsWith("info")) {
            e.info = true;
            e.infoMsg = msg(s.substring(4));
        } else if (s.equals("no_warn")) {
            e.warn = false;
        } else if (s.equals("no_info")) {
            e.info = false;
        }
    }

    private static String msg(String rest) {
        rest = rest.strip();
        return rest.startsWith("msg:") ? rest.substring(4).strip() : null;
    }

    /**
     * Splits {@code metric{labels} v1 v2 ...} into the metric text and the expanded values (null = missing).
     * Native-histogram values ({@code {{...}}}) count as missing floats and mark the line.
     */
    static SeriesLine seriesLine(String l) {
        int cut = metricEnd(l);
        String metric = l.substring(0, cut).strip();
        String rest = l.substring(cut).strip();
        if (!rest.contains("{{")) {
            return new SeriesLine(metric, expandValues(rest), false);
        }
        List<Double> values = new ArrayList<>();
        int i = 0;
        while (i < rest.length()) {
            int open = rest.indexOf("{{", i);
            String floats = open < 0 ? rest.substring(i) : rest.substring(i, open);
            values.addAll(expandValues(floats.strip()));
            if (open < 0) {
                break;
            }
            int close = rest.indexOf("}}", open);
            int j = close + 2;
            int count = 1;
            if (j < rest.length() && rest.charAt(j) == 'x') {
                int k = j + 1;
                while (k < rest.length() && Character.isDigit(rest.charAt(k))) {
                    k++;
                }
                count = Integer.parseInt(rest.substring(j + 1, k)) + 1;
                j = k;
            } else if (j < rest.length() && (rest.charAt(j) == '+' || rest.charAt(j) == '-')) {
                int k = rest.indexOf("}}", j) + 2;
                int m = k + 1;
                while (m < rest.length() && Character.isDigit(rest.charAt(m))) {
                    m++;
                }
                count = Integer.parseInt(rest.substring(k + 1, m)) + 1;
                j = m;
            }
            for (int c = 0; c < count; c++) {
                values.add(null);
            }
            i = j;
        }
        return new SeriesLine(metric, values, true);
    }

    static int metricEnd(String l) {
        boolean inQuote = false;
        int depth = 0;
        for (int k = 0; k < l.length(); k++) {
            char c = l.charAt(k);
            if (inQuote) {
                if (c == '\\') {
                    k++;
                } else if (c == '"') {
                    inQuote = false;
                }
                continue;
            }
            if (c == '"') {
                inQuote = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
                if (depth == 0) {
                    return k + 1;
                }
            } else if (Character.isWhitespace(c) && depth == 0) {
                return k;
            }
        }
        return l.length();
    }

    private static final Pattern EXPAND = Pattern.compile("^([^x]+?)([+-])([^x]+)x(\\d+)$");
    private static final Pattern REPEAT = Pattern.compile("^(.+?)x(\\d+)$");

    static List<Double> expandValues(String s) {
        List<Double> out = new ArrayList<>();
        if (s.isEmpty()) {
            return out;
        }
        for (String tok : s.split("\\s+")) {
            Matcher m = EXPAND.matcher(tok);
            if (m.matches() && !tok.startsWith("_")) {
                double start = value(m.group(1));
                double step = value(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
                int n = Integer.parseInt(m.group(4));
                for (int k = 0; k <= n; k++) {
                    out.add(start + k * step);
                }
                continue;
            }
            m = REPEAT.matcher(tok);
            if (m.matches()) {
                int n = Integer.parseInt(m.group(2));
                Double v = m.group(1).equals("_") ? null : value(m.group(1));
                int count = m.group(1).equals("_") ? n : n + 1;
                for (int k = 0; k < count; k++) {
                    out.add(v);
                }
                continue;
            }
            out.add(tok.equals("_") ? null : value(tok));
        }
        return out;
    }

    static double value(String tok) {
        return switch (tok) {
            case "stale" -> Double.longBitsToDouble(0x7ff0000000000002L);
            case "Inf", "+Inf", "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
            case "NaN", "nan" -> Double.NaN;
            default -> tok.startsWith("0x") || tok.startsWith("-0x")
                    ? (tok.startsWith("-") ? -Long.parseLong(tok.substring(3), 16) : Long.parseLong(tok.substring(2), 16))
                    : Double.parseDouble(tok);
        };
    }
}
