package dev.sightline.server.config;

import java.time.Duration;

/**
 * Sightline observing itself. Its metrics are always served on {@code /metrics} of the query port; with
 * {@code enabled}, they are also written into its own metric store every {@code interval} (as series with
 * {@code job="sightline"}), so PromQL, alert rules and Grafana can read its history without a Prometheus.
 *
 * @param enabled whether to ingest its own metrics into the metric store
 * @param interval how often they are ingested
 */
public record SelfMonitoringConfig(boolean enabled, Duration interval) {
    public SelfMonitoringConfig {
        if (interval == null || interval.toMillis() < 1000) {
            throw new IllegalArgumentException("self_monitoring.interval must be at least 1s, got "
                    + (interval == null ? "nothing" : PrometheusDuration.format(interval)));
        }
    }

    public static SelfMonitoringConfig defaults() {
        return new SelfMonitoringConfig(false, Duration.ofSeconds(15));
    }
}
