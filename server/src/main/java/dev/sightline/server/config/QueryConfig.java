package dev.sightline.server.config;

import java.time.Duration;

/**
 * The query API and the UI it serves.
 *
 * @param port HTTP port; 0 picks a free port
 * @param logsMaxClauses most clauses (terms, phrases, ranges, wildcards) one log query may have
 * @param logsTimeBudget how long one log query may search before it is stopped with a 400
 * @param logsLeadingWildcardMaxWindow widest time window on which a log query term may start with a wildcard
 */
public record QueryConfig(int port, int logsMaxClauses, Duration logsTimeBudget, Duration logsLeadingWildcardMaxWindow) {
    public QueryConfig {
        IngestConfig.checkPort("query.port", port);
        if (logsMaxClauses < 1) {
            throw new IllegalArgumentException("query.logs_max_clauses must be at least 1, got " + logsMaxClauses);
        }
        if (logsTimeBudget == null || logsTimeBudget.toMillis() < 1) {
            throw new IllegalArgumentException("query.logs_time_budget must be at least 1ms, got " + logsTimeBudget);
        }
        if (logsLeadingWildcardMaxWindow == null || logsLeadingWildcardMaxWindow.isNegative()) {
            throw new IllegalArgumentException("query.logs_leading_wildcard_max_window must not be negative, got "
                    + logsLeadingWildcardMaxWindow);
        }
    }

    /** With the default log query limits. */
    public QueryConfig(int port) {
        this(port, 1024, Duration.ofSeconds(10), Duration.ofDays(1));
    }

    public static QueryConfig defaults() {
        return new QueryConfig(7070);
    }
}
