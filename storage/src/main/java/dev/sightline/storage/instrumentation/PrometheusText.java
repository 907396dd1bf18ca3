package dev.sightline.storage.instrumentation;

import java.util.List;

/**
 * The Prometheus text exposition format, version 0.0.4: {@code # HELP}, {@code # TYPE}, then one line per
 * sample, label values and help text escaped as the format requires.
 */
public final class PrometheusText {
    /** The Content-Type of the exposition. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    public static String write(List<FamilySnapshot> families) {
        StringBuilder out = new StringBuilder(8192);
        for (FamilySnapshot f : families) {
            out.append("# HELP ").append(f.name()).append(' ');
            escape(out, f.help(), false);
            out.append('\n').append("# TYPE ").append(f.name()).append(' ').append(f.type().word()).append('\n');
            for (Sample s : f.samples()) {
                out.append(s.name());
                if (!s.labelNames().isEmpty()) {
                    out.append('{');
                    for (int i = 0; i < s.labelNames().size(); i++) {
                        if (i > 0) {
                            out.append(',');
                        }
                        out.append(s.labelNames().get(i)).append("=\"");
                        escape(out, s.labelValues().get(i), true);
                        out.append('"');
                    }
                    out.append('}');
                }
                out.append(' ').append(formatValue(s.value())).append('\n');
            }
        }
        return out.toString();
    }

    /** Integers without a fraction, {@code +Inf}/{@code -Inf}/{@code NaN} as the format spells them. */
    public static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static void escape(StringBuilder out, String s, boolean quotes) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quotes ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }
}
