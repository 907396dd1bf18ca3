package dev.sightline.query.promql.parser;

/** Number literal text (decimal, scientific, hex, Inf, NaN) to double, as Go's {@code strconv.ParseFloat}. */
final class NumberParser {
    private NumberParser() {
    }

    static double parse(String s) {
        String l = s.toLowerCase(java.util.Locale.ROOT);
        if (l.equals("inf") || l.equals("+inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (l.equals("-inf")) {
            return Double.NEGATIVE_INFINITY;
        }
        if (l.equals("nan")) {
            return Double.NaN;
        }
        if (l.startsWith("0x")) {
            return new java.math.BigInteger(l.substring(2), 16).doubleValue();
        }
        return Double.parseDouble(s);
    }
}
