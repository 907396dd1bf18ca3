package dev.sightline.alerting;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Go's float formatting as Prometheus' templates and API print numbers: {@code %v}, {@code %.4g}, {@code 'e'}. */
final class GoFormat {
    private GoFormat() {
    }

    /** {@code strconv.FormatFloat(v, 'e', -1, 64)}: the alert value in {@code /api/v1/alerts}, e.g. {@code 1e+00}. */
    static String exponent(double v) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        if (v == 0) {
            return (1 / v < 0 ? "-" : "") + "0e+00";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        return e(d);
    }

    /** Go's {@code %v} for a float64: shortest digits, exponent form below 1e-4 or from 1e6 up ({@code 1e+06}). */
    static String value(double v) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        if (v == 0) {
            return (1 / v < 0 ? "-" : "") + "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        return exp < -4 || exp >= 6 ? e(d) : d.toPlainString();
    }

    /** Go's {@code %.<prec>g}. */
    static String g(double v, int prec) {
        String special = special(v);
        if (special != null) {
            return special;
        }
        if (v == 0) {
            return (1 / v < 0 ? "-" : "") + "0";
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(prec, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        int exp = d.precision() - d.scale() - 1;
        return exp < -4 || exp >= prec ? e(d) : d.toPlainString();
    }

    private static String e(BigDecimal d) {
        String digits = d.unscaledValue().abs().toString();
        int exp = digits.length() - d.scale() - 1;
        StringBuilder sb = new StringBuilder();
        if (d.signum() < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) {
            sb.append('0');
        }
        return sb.append(a).toString();
    }

    private static String special(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return null;
    }
}
