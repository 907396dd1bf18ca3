package dev.sightline.query.promql.ast;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Prometheus duration strings ({@code 1h30m}, {@code 500ms}, {@code 2w}) to and from milliseconds. */
public final class Durations {
    private static final Pattern DURATION = Pattern.compile(
            "^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");
    private static final long[] UNITS = {365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000,
        60_000, 1000, 1};
    private static final String[] NAMES = {"y", "w", "d", "h", "m", "s", "ms"};

    private Durations() {
    }

    /** Milliseconds of a duration string, or -1 when it is not a valid duration. */
    public static long parse(String s) {
        if (s.isEmpty() || s.equals("0")) {
            return s.isEmpty() ? -1 : 0;
        }
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            return -1;
        }
        long total = 0;
        for (int i = 0; i < UNITS.length; i++) {
            String g = m.group(i + 1);
            if (g != null) {
                total = Math.addExact(total, Math.multiplyExact(Long.parseLong(g), UNITS[i]));
            }
        }
        return total;
    }

    /** Prometheus' {@code model.Duration} text: largest units first, {@code 0s} for zero. */
    public static String format(long ms) {
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        for (int i = 0; i < UNITS.length; i++) {
            long n = ms / UNITS[i];
            if (n > 0) {
                sb.append(n).append(NAMES[i]);
                ms -= n * UNITS[i];
            }
        }
        return sb.toString();
    }
}
