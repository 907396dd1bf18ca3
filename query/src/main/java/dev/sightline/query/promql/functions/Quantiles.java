package dev.sightline.query.promql.functions;

import java.util.Arrays;

/** Prometheus' {@code quantile}: linear interpolation between closest ranks. */
public final class Quantiles {
    private Quantiles() {
    }

    public static double quantile(double q, double[] values) {
        int n = values.length;
        if (n == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        double[] v = values.clone();
        sortNaNFirst(v);
        double rank = q * (n - 1);
        double lower = Math.max(0, Math.floor(rank));
        double upper = Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return v[(int) lower] * (1 - weight) + v[(int) upper] * weight;
    }

    /** Ascending with NaNs first, as Prometheus' vectorByValueHeap orders. */
    static void sortNaNFirst(double[] v) {
        Arrays.sort(v);
        int nan = 0;
        for (double d : v) {
            if (Double.isNaN(d)) {
                nan++;
            }
        }
        if (nan > 0) {
            double[] out = new double[v.length];
            Arrays.fill(out, 0, nan, Double.NaN);
            System.arraycopy(v, 0, out, nan, v.length - nan);
            System.arraycopy(out, 0, v, 0, v.length);
        }
    }
}
