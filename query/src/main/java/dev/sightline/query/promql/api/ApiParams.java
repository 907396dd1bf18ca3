package dev.sightline.query.promql.api;

import dev.sightline.query.promql.ast.Durations;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Prometheus' API parameter formats: times as RFC3339 or unix seconds, durations as {@code 5m} or seconds. */
final class ApiParams {
    private ApiParams() {
    }

    /** A bad request parameter, reported as {@code invalid parameter "name": reason}. */
    static final class BadParameter extends Exception {
        BadParameter(String name, String reason) {
            super("invalid parameter \"" + name + "\": " + reason);
        }
    }

    /** Milliseconds since the epoch of an RFC3339 time or (fractional) unix seconds. */
    static long time(String name, String value) throws BadParameter {
        try {
            BigDecimal secs = new BigDecimal(value.strip());
            return secs.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            // not a number: try RFC3339
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new BadParameter(name, "cannot parse \"" + value + "\" to a valid timestamp");
        }
    }

    /** Milliseconds of a Prometheus duration ({@code 1h30m}) or of (fractional) seconds. */
    static long duration(String name, String value) throws BadParameter {
        String v = value.strip();
        try {
            double secs = Double.parseDouble(v);
            if (Double.isNaN(secs) || Double.isInfinite(secs) || Math.abs(secs) * 1000 > Long.MAX_VALUE) {
                throw new BadParameter(name, "cannot parse \"" + value + "\" to a valid duration. It overflows int64");
            }
            return Math.round(secs * 1000);
        } catch (NumberFormatException e) {
            long d = Durations.parse(v);
            if (d < 0) {
                throw new BadParameter(name, "cannot parse \"" + value + "\" to a valid duration");
            }
            return d;
        }
    }
}
