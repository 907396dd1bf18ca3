package dev.sightline.storage.metrics;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The OpenTelemetry → Prometheus naming rules: sanitising, unit words and suffixes, {@code _total},
 * and how bucket bounds and quantiles print.
 */
public final class PrometheusNames {
    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"), Map.entry("s", "seconds"),
            Map.entry("ms", "milliseconds"), Map.entry("us", "microseconds"), Map.entry("ns", "nanoseconds"),
            Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"), Map.entry("MiBy", "mebibytes"),
            Map.entry("GiBy", "gibibytes"), Map.entry("TiBy", "tebibytes"), Map.entry("KBy", "kilobytes"),
            Map.entry("MBy", "megabytes"), Map.entry("GBy", "gigabytes"), Map.entry("TBy", "terabytes"),
            Map.entry("m", "meters"), Map.entry("V", "volts"), Map.entry("A", "amperes"), Map.entry("J", "joules"),
            Map.entry("W", "watts"), Map.entry("g", "grams"), Map.entry("Cel", "celsius"), Map.entry("Hz", "hertz"),
            Map.entry("%", "percent"));
    private static final Map<String, String> PER_UNITS = Map.of("s", "second", "m", "minute", "h", "hour",
            "d", "day", "w", "week", "mo", "month", "y", "year");

    private PrometheusNames() {
    }

    /** Replaces characters outside {@code [a-zA-Z0-9_:]} with '_', collapses runs of '_', avoids a leading digit. */
    public static String sanitizeMetricName(String name) {
        return sanitize(name, true);
    }

    /** Like metric names, without ':'; a leading digit gets a {@code key_} prefix. */
    public static String sanitizeLabelName(String name) {
        String s = sanitize(name, false);
        return !s.isEmpty() && Character.isDigit(s.charAt(0)) ? "key_" + s : s;
    }

    private static String sanitize(String name, boolean colon) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || (colon && c == ':');
            char out = ok ? c : '_';
            if (!ok && sb.length() > 0 && sb.charAt(sb.length() - 1) == '_') {
                continue;
            }
            sb.append(out);
        }
        if (colon && sb.length() > 0 && Character.isDigit(sb.charAt(0))) {
            sb.insert(0, '_');
        }
        return sb.toString();
    }

    /** The unit as a name suffix word ("s" → "seconds", "By/s" → "bytes_per_second", "{req}" → ""). */
    public static String unitWord(String unit) {
        String u = unit.replaceAll("\\{[^}]*}", "").strip();
        if (u.isEmpty() || u.equals("1")) {
            return "";
        }
        int slash = u.indexOf('/');
        if (slash >= 0) {
            String num = u.substring(0, slash);
            String den = u.substring(slash + 1);
            String a = num.isEmpty() ? "" : UNITS.getOrDefault(num, num);
            String b = PER_UNITS.getOrDefault(den, UNITS.getOrDefault(den, den));
            return sanitizeMetricName((a.isEmpty() ? "" : a + "_") + "per_" + b);
        }
        return sanitizeMetricName(UNITS.getOrDefault(u, u));
    }

    /**
     * The Prometheus name of an OTLP metric.
     *
     * @param counter whether it is a monotonic sum (gets {@code _total})
     * @param gauge whether it is a gauge (unit "1" then gets {@code _ratio})
     */
    public static String metricName(String otelName, String unit, boolean counter, boolean gauge) {
        String name = sanitizeMetricName(otelName);
        while (name.length() > 1 && name.endsWith("_")) {
            name = name.substring(0, name.length() - 1); // "requests!" → "requests", not "requests__total"
        }
        String word = unitWord(unit);
        if (unit.strip().equals("1") && gauge) {
            word = "ratio";
        }
        if (counter && name.endsWith("_total")) {
            name = name.substring(0, name.length() - "_total".length());
        }
        if (!word.isEmpty() && !name.endsWith("_" + word) && !name.contains("_" + word + "_")) {
            name = name + "_" + word;
        }
        if (counter) {
            name = name + "_total";
        }
        return name;
    }

    /** A bound or quantile as Prometheus prints it: "0.005", "1", "+Inf", "-Inf", "NaN". */
    public static String formatFloat(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        double abs = Math.abs(v);
        if (abs >= 1e-4 && abs < 1e21) {
            return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
        }
        String s = Double.toString(v).replace("E", "e");
        int e = s.indexOf('e');
        return e > 0 && s.charAt(e + 1) != '-' ? s.substring(0, e + 1) + "+" + s.substring(e + 1) : s;
    }
}
