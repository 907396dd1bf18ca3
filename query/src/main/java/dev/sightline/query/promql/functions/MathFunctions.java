package dev.sightline.query.promql.functions;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.function.DoubleUnaryOperator;

/** Element-wise functions of one float: math, trigonometry and calendar fields of a unix time. */
public final class MathFunctions {
    private MathFunctions() {
    }

    /** The element-wise operator for {@code name}, or null when {@code name} is not element-wise. */
    public static DoubleUnaryOperator of(String name) {
        return switch (name) {
            case "abs" -> Math::abs;
            case "ceil" -> Math::ceil;
            case "floor" -> Math::floor;
            case "exp" -> Math::exp;
            case "sqrt" -> Math::sqrt;
            case "ln" -> Math::log;
            case "log2" -> v -> Math.log(v) / Math.log(2);
            case "log10" -> Math::log10;
            case "sgn" -> v -> v < 0 ? -1 : v > 0 ? 1 : v;
            case "deg" -> v -> v * 180 / Math.PI;
            case "rad" -> v -> v * Math.PI / 180;
            case "sin" -> Math::sin;
            case "cos" -> Math::cos;
            case "tan" -> Math::tan;
            case "asin" -> Math::asin;
            case "acos" -> Math::acos;
            case "atan" -> Math::atan;
            case "sinh" -> Math::sinh;
            case "cosh" -> Math::cosh;
            case "tanh" -> Math::tanh;
            case "asinh" -> v -> Double.isInfinite(v) ? v : Math.log(v + Math.sqrt(v * v + 1));
            case "acosh" -> v -> v < 1 ? Double.NaN : Math.log(v + Math.sqrt(v * v - 1));
            case "atanh" -> v -> 0.5 * Math.log((1 + v) / (1 - v));
            case "day_of_month" -> v -> date(v).getDayOfMonth();
            case "day_of_week" -> v -> date(v).getDayOfWeek().getValue() % 7;
            case "day_of_year" -> v -> date(v).getDayOfYear();
            case "days_in_month" -> v -> date(v).toLocalDate().lengthOfMonth();
            case "hour" -> v -> date(v).getHour();
            case "minute" -> v -> date(v).getMinute();
            case "month" -> v -> date(v).getMonthValue();
            case "year" -> v -> date(v).getYear();
            default -> null;
        };
    }

    public static boolean isTimeFunction(String name) {
        return switch (name) {
            case "day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year" ->
                    true;
            default -> false;
        };
    }

    private static ZonedDateTime date(double seconds) {
        return Instant.ofEpochSecond((long) seconds).atZone(ZoneOffset.UTC);
    }

    /** Prometheus' {@code round(v, toNearest)}. */
    public static double round(double v, double toNearest) {
        double inv = 1.0 / toNearest;
        return Math.floor(v * inv + 0.5) / inv;
    }

    static int unused(LocalDate d) {
        return d.getYear();
    }
}
