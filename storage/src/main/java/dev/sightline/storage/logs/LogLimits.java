package dev.sightline.storage.logs;

import java.time.Duration;

/**
 * What a log query may cost.
 *
 * @param maxClauses most leaf clauses (terms, phrases, ranges, wildcards) one query may have
 * @param timeBudget how long one query may search before it is stopped with an error
 * @param leadingWildcardMaxWindow widest time window on which a term may start with a wildcard (such a term
 *     scans the whole term dictionary of every partition in the window)
 */
public record LogLimits(int maxClauses, Duration timeBudget, Duration leadingWildcardMaxWindow) {
    public static final LogLimits DEFAULT = new LogLimits(1024, Duration.ofSeconds(10), Duration.ofDays(1));

    public LogLimits {
        if (maxClauses < 1) {
            throw new IllegalArgumentException("maxClauses must be at least 1, got " + maxClauses);
        }
        if (timeBudget.toMillis() < 1) {
            throw new IllegalArgumentException("time budget must be at least 1 ms, got " + timeBudget);
        }
    }
}
