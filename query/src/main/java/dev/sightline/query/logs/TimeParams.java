package dev.sightline.query.logs;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Time and duration parameters of the logs API. A time is RFC 3339 ({@code 2024-03-01T12:00:00Z}) or a Unix
 * timestamp whose unit follows from its magnitude: below 10^11 seconds (fractions allowed), below 10^14
 * milliseconds, below 10^17 microseconds, else nanoseconds. A duration is a number of seconds or a number
 * with a unit: {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}.
 */
final class TimeParams {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)?");

    private TimeParams() {
    }

    /** Unix nanoseconds of {@code text}; {@code fallback} when it is null or empty. */
    static long time(String name, String text, long fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String t = text.trim();
        if (Character.isDigit(t.charAt(0)) && t.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            try {
                BigDecimal n = new BigDecimal(t);
                BigDecimal nanos;
                if (n.compareTo(BigDecimal.valueOf(100_000_000_000L)) < 0) {
                    nanos = n.movePointRight(9);
                } else if (n.compareTo(BigDecimal.valueOf(100_000_000_000_000L)) < 0) {
                    nanos = n.movePointRight(6);
                } else if (n.compareTo(BigDecimal.valueOf(100_000_000_000_000_000L)) < 0) {
                    nanos = n.movePointRight(3);
                } else {
                    nanos = n;
                }
                return nanos.longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be RFC 3339 or Unix seconds, milliseconds or "
                        + "nanoseconds, got \"" + text + "\"");
            }
        }
        try {
            Instant i = OffsetDateTime.parse(t).toInstant();
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(name + " must be RFC 3339 (2024-03-01T12:00:00Z) or a Unix timestamp, "
                    + "got \"" + text + "\"");
        }
    }

    /** Nanoseconds of a duration; {@code fallback} when absent. */
    static long duration(String name, String text, long fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(name + " must be a duration such as 30s, 5m, 1h or a number of seconds, "
                    + "got \"" + text + "\"");
        }
        long unit = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> 1_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> 1_000_000_000L;
        };
        try {
            long nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
            if (nanos <= 0) {
                throw new IllegalArgumentException(name + " must be positive, got \"" + text + "\"");
            }
            return nanos;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + " is too large: \"" + text + "\"");
        }
    }

    /** An integer parameter in {@code min..max}; {@code fallback} when absent. */
    static int integer(String name, String text, int fallback, int min, int max) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got \"" + text + "\"");
    }
}
