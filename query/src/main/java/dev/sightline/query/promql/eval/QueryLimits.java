package dev.sightline.query.promql.eval;

import java.time.Duration;

/**
 * Engine limits and defaults: query timeout, maximum samples loaded, lookback delta and the default
 * subquery step.
 */
public record QueryLimits(Duration timeout, long maxSamples, long lookbackMs, long defaultSubqueryStepMs) {
    public static final QueryLimits DEFAULT = new QueryLimits(Duration.ofMinutes(2), 50_000_000L, 5 * 60_000L,
            60_000L);

    public QueryLimits {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (maxSamples < 1) {
            throw new IllegalArgumentException("maxSamples must be at least 1, got " + maxSamples);
        }
    }

    public QueryLimits withMaxSamples(long n) {
        return new QueryLimits(timeout, n, lookbackMs, defaultSubqueryStepMs);
    }

    public QueryLimits withTimeout(Duration t) {
        return new QueryLimits(t, maxSamples, lookbackMs, defaultSubqueryStepMs);
    }
}
