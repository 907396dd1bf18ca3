package dev.sightline.query.promql.functions;

/** rate/increase/delta extrapolation, irate/idelta, and the linear regression behind deriv/predict_linear. */
final class Rates {
    private Rates() {
    }

    /** Prometheus 3's {@code extrapolatedRate}. */
    static boolean extrapolated(RangeWindow s, boolean isCounter, boolean isRate) {
        int n = s.size();
        if (n < 2) {
            return false;
        }
        long firstT = s.t(0);
        long lastT = s.t(n - 1);
        double result = s.v(n - 1) - s.v(0);
        if (isCounter) {
            double prev = s.v(0);
            for (int i = 1; i < n; i++) {
                double cur = s.v(i);
                if (cur < prev) {
                    result += prev;
                }
                prev = cur;
            }
        }
        double durationToStart = (firstT - s.rangeStart()) / 1000.0;
        double durationToEnd = (s.rangeEnd() - lastT) / 1000.0;
        double sampledInterval = (lastT - firstT) / 1000.0;
        double avgBetween = sampledInterval / (n - 1);
        double threshold = avgBetween * 1.1;
        double extrapolateTo = sampledInterval;
        if (durationToStart >= threshold) {
            durationToStart = avgBetween / 2;
        }
        if (isCounter && result > 0 && s.v(0) >= 0) {
            double durationToZero = sampledInterval * (s.v(0) / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        extrapolateTo += durationToStart;
        if (durationToEnd >= threshold) {
            durationToEnd = avgBetween / 2;
        }
        extrapolateTo += durationToEnd;
        double factor = extrapolateTo / sampledInterval;
        if (isRate) {
            factor /= s.rangeSeconds();
        }
        return s.found(result * factor);
    }

    static boolean instant(RangeWindow s, boolean isRate) {
        int n = s.size();
        if (n < 2) {
            return false;
        }
        double last = s.v(n - 1);
        double prev = s.v(n - 2);
        double result = isRate && last < prev ? last : last - prev;
        long interval = s.t(n - 1) - s.t(n - 2);
        if (interval == 0) {
            return false;
        }
        if (isRate) {
            result /= interval / 1000.0;
        }
        return s.found(result);
    }

    /** {slope, intercept} of the least-squares fit, x in seconds relative to {@code interceptTime}. */
    static double[] linearRegression(RangeWindow s, long interceptTime) {
        double n = 0;
        double sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
        double initY = s.v(0);
        boolean constY = true;
        for (int i = 0; i < s.size(); i++) {
            double v = s.v(i);
            if (constY && i > 0 && v != initY) {
                constY = false;
            }
            n += 1;
            double x = (s.t(i) - interceptTime) / 1e3;
            double[] r = Kahan.inc(x, sumX, cX);
            sumX = r[0];
            cX = r[1];
            r = Kahan.inc(v, sumY, cY);
            sumY = r[0];
            cY = r[1];
            r = Kahan.inc(x * v, sumXY, cXY);
            sumXY = r[0];
            cXY = r[1];
            r = Kahan.inc(x * x, sumX2, cX2);
            sumX2 = r[0];
            cX2 = r[1];
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            return new double[] {0, initY};
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        double covXY = sumXY - sumX * sumY / n;
        double varX = sumX2 - sumX * sumX / n;
        double slope = covXY / varX;
        double intercept = sumY / n - slope * sumX / n;
        return new double[] {slope, intercept};
    }
}
