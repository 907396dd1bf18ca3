package dev.sightline.server.config;

import java.time.Duration;

/**
 * Logs: how long they are kept.
 *
 * @param retention a UTC day of log records is deleted once it ended this long ago
 */
public record LogsConfig(Duration retention) {
    public LogsConfig {
        if (retention == null || retention.toMillis() < 1) {
            throw new IllegalArgumentException("logs.retention must be at least 1ms, got "
                    + (retention == null ? "nothing" : PrometheusDuration.format(retention)));
        }
    }

    public static LogsConfig defaults() {
        return new LogsConfig(Duration.ofDays(7));
    }
}
