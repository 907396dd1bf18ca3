package dev.sightline.query.promql.functions;

import dev.sightline.query.promql.value.QueryException;

/** Functions over one series of a range vector; empty results drop the series from the output. */
public final class RangeFunctions {
    private RangeFunctions() {
    }

    /** Whether {@code name} drops {@code __name__} from its result (all but last/first_over_time). */
    public static boolean keepsName(String name) {
        return name.equals("last_over_time") || name.equals("first_over_time");
    }

    /**
     * Applies range function {@code name} to the window {@code s}; {@code params} holds the scalar arguments in
     * call order. Returns false when the function has no value there (the series is dropped from the output),
     * otherwise true with the value in {@link RangeWindow#result()}.
     */
    public static boolean apply(String name, RangeWindow s, double[] params) {
        int n = s.size();
        if (n == 0) {
            return false;
        }
        return switch (name) {
            case "rate" -> Rates.extrapolated(s, true, true);
            case "increase" -> Rates.extrapolated(s, true, false);
            case "delta" -> Rates.extrapolated(s, false, false);
            case "irate" -> Rates.instant(s, true);
            case "idelta" -> Rates.instant(s, false);
            case "deriv" -> n >= 2 && s.found(Rates.linearRegression(s, s.t(0))[0]);
            case "predict_linear" -> {
                if (n < 2) {
                    yield false;
                }
                double[] si = Rates.linearRegression(s, s.evalTime());
                yield s.found(si[0] * params[0] + si[1]);
            }
            case "changes", "resets" -> s.found(changesOrResets(s, name.equals("resets")));
            case "sum_over_time" -> s.found(Kahan.sum(s.valuesArray(), s.offset(), s.offset() + n));
            case "avg_over_time" -> s.found(avg(s));
            case "count_over_time" -> s.found(n);
            case "min_over_time" -> s.found(minMax(s, true));
            case "max_over_time" -> s.found(minMax(s, false));
            case "stddev_over_time" -> s.found(Math.sqrt(variance(s)));
            case "stdvar_over_time" -> s.found(variance(s));
            case "last_over_time" -> s.found(s.v(n - 1));
            case "first_over_time" -> s.found(s.v(0));
            case "present_over_time" -> s.found(1);
            case "quantile_over_time" -> s.found(Quantiles.quantile(params[0], s.valuesCopy()));
            case "mad_over_time" -> s.found(mad(s));
            case "ts_of_last_over_time" -> s.found(s.t(n - 1) / 1000.0);
            case "ts_of_first_over_time" -> s.found(s.t(0) / 1000.0);
            case "ts_of_min_over_time" -> s.found(tsOfMinMax(s, true));
            case "ts_of_max_over_time" -> s.found(tsOfMinMax(s, false));
            case "double_exponential_smoothing" -> smoothing(s, params[0], params[1]);
            default -> throw QueryException.execution("function " + name + " is not a range-vector function");
        };
    }

    private static double changesOrResets(RangeWindow s, boolean resets) {
        int count = 0;
        double prev = s.v(0);
        for (int i = 1; i < s.size(); i++) {
            double cur = s.v(i);
            if (resets ? cur < prev : (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev)))) {
                count++;
            }
            prev = cur;
        }
        return count;
    }

    private static double avg(RangeWindow s) {
        double sum = s.v(0);
        double count = 1;
        double mean = 0;
        double c = 0;
        boolean incremental = false;
        for (int i = 1; i < s.size(); i++) {
            double f = s.v(i);
            count = i + 1;
            if (!incremental) {
                double[] r = Kahan.inc(f, sum, c);
                if (!Double.isInfinite(r[0])) {
                    sum = r[0];
                    c = r[1];
                    continue;
                }
                incremental = true;
                mean = sum / (count - 1);
                c /= (count - 1);
            }
            double q = (count - 1) / count;
            double[] r = Kahan.inc(f / count, q * mean, q * c);
            mean = r[0];
            c = r[1];
        }
        return incremental ? mean + c : sum / count + c / count;
    }

    private static double minMax(RangeWindow s, boolean min) {
        double m = s.v(0);
        for (int i = 1; i < s.size(); i++) {
            double cur = s.v(i);
            if ((min ? cur < m : cur > m) || Double.isNaN(m)) {
                m = cur;
            }
        }
        return m;
    }

    private static double tsOfMinMax(RangeWindow s, boolean min) {
        double m = s.v(0);
        long t = s.t(0);
        for (int i = 1; i < s.size(); i++) {
            double cur = s.v(i);
            if ((min ? cur <= m : cur >= m) || Double.isNaN(m)) {
                m = cur;
                t = s.t(i);
            }
        }
        return t / 1000.0;
    }

    static double variance(RangeWindow s) {
        double count = 0;
        double mean = 0;
        double cMean = 0;
        double aux = 0;
        double cAux = 0;
        for (int i = 0; i < s.size(); i++) {
            double f = s.v(i);
            count++;
            double delta = f - (mean + cMean);
            double[] r = Kahan.inc(delta / count, mean, cMean);
            mean = r[0];
            cMean = r[1];
            double[] a = Kahan.inc(delta * (f - (mean + cMean)), aux, cAux);
            aux = a[0];
            cAux = a[1];
        }
        return (aux + cAux) / count;
    }

    private static double mad(RangeWindow s) {
        double[] v = s.valuesCopy();
        for (double x : v) {
            if (Double.isNaN(x)) {
                return Double.NaN;
            }
        }
        double median = Quantiles.quantile(0.5, v);
        double[] dev = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            dev[i] = Math.abs(v[i] - median);
        }
        return Quantiles.quantile(0.5, dev);
    }

    private static boolean smoothing(RangeWindow s, double sf, double tf) {
        if (sf <= 0 || sf >= 1) {
            throw QueryException.execution("invalid smoothing factor. Expected: 0 < sf < 1, got: " + goFloat(sf));
        }
        if (tf <= 0 || tf >= 1) {
            throw QueryException.execution("invalid trend factor. Expected: 0 < tf < 1, got: " + goFloat(tf));
        }
        int l = s.size();
        if (l < 2) {
            return false;
        }
        double s0 = 0;
        double s1 = s.v(0);
        double b = s.v(1) - s.v(0);
        for (int i = 1; i < l; i++) {
            double x = sf * s.v(i);
            if (i - 1 != 0) {
                b = tf * (s1 - s0) + (1 - tf) * b;
            }
            double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }
        return s.found(s1);
    }

    private static String goFloat(double v) {
        return String.format(java.util.Locale.ROOT, "%f", v);
    }
}
