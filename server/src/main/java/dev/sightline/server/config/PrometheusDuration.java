package dev.sightline.server.config;

import java.time.Duration;

/**
 * Durations written the way Prometheus writes them: integers with units {@code y w d h m s ms}, largest first,
 * each at most once ({@code 200ms}, {@code 30s}, {@code 1h30m}, {@code 7d}, {@code 1w}); a year is 365 days.
 * A bare {@code 0} is the only value allowed without a unit.
 */
public final class PrometheusDuration {
    private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
    private static final long[] MILLIS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
    private static final String HELP = "use units y, w, d, h, m, s, ms, largest first, e.g. 30s, 200ms or 1h30m";

    private PrometheusDuration() {}

    /** @throws IllegalArgumentException naming the text and the rule it breaks */
    static Duration parse(String text) {
        String s = text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw invalid(text, "empty");
        }
        long total = 0;
        int lastUnit = -1;
        int i = 0;
        while (i < s.length()) {
            int digits = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (digits == i) {
                throw invalid(text, s.charAt(i) == '-'
                        ? "must not be negative"
                        : "expected a number at \"" + s.substring(i) + "\"");
            }
            long number;
            try {
                number = Long.parseLong(s.substring(digits, i));
            } catch (NumberFormatException e) {
                throw invalid(text, "too large");
            }
            int unitStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            String unitText = s.substring(unitStart, i);
            if (unitText.isEmpty()) {
                throw invalid(text, "missing unit after " + number);
            }
            int unit = indexOf(unitText);
            if (unit < 0) {
                throw invalid(text, "unknown unit \"" + unitText + "\"");
            }
            if (unit <= lastUnit) {
                throw invalid(text, "units must go from largest to smallest, each at most once");
            }
            lastUnit = unit;
            try {
                total = Math.addExact(total, Math.multiplyExact(number, MILLIS[unit]));
            } catch (ArithmeticException e) {
                throw invalid(text, "too large");
            }
        }
        return Duration.ofMillis(total);
    }

    /** The shortest form {@link #parse} reads back, e.g. {@code 1h30m}; below a millisecond is dropped. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        if (millis < 0) {
            throw new IllegalArgumentException("negative durations have no Prometheus form, got " + duration);
        }
        StringBuilder out = new StringBuilder();
        for (int u = 0; u < UNITS.length; u++) {
            long n = millis / MILLIS[u];
            if (n > 0) {
                out.append(n).append(UNITS[u]);
                millis -= n * MILLIS[u];
            }
        }
        return out.toString();
    }

    private static int indexOf(String unit) {
        for (int u = 0; u < UNITS.length; u++) {
            if (UNITS[u].equals(unit)) {
                return u;
            }
        }
        return -1;
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("\"" + text + "\" is not a duration: " + why + " (" + HELP + ")");
    }
}
