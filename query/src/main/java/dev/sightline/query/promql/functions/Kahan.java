package dev.sightline.query.promql.functions;

/** Neumaier-compensated summation, as Prometheus' {@code kahanSumInc}. */
public final class Kahan {
    private Kahan() {
    }

    /** Adds {@code inc} to (sum, c); returns {new sum, new c}. */
    public static double[] inc(double inc, double sum, double c) {
        double t = sum + inc;
        if (Double.isInfinite(t)) {
            c = 0;
        } else if (Math.abs(sum) >= Math.abs(inc)) {
            c += (sum - t) + inc;
        } else {
            c += (inc - t) + sum;
        }
        return new double[] {t, c};
    }

    /** The compensated sum of values[from..to). */
    public static double sum(double[] values, int from, int to) {
        double s = 0;
        double c = 0;
        for (int i = from; i < to; i++) {
            double[] r = inc(values[i], s, c);
            s = r[0];
            c = r[1];
        }
        return s + c;
    }
}
