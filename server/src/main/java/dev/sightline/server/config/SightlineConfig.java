package dev.sightline.server.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole configuration, built once at startup by {@link ConfigLoader}. {@code Main} hands each module only its
 * own record. Component names become configuration keys ({@code listenAddress} is {@code listen_address}), so
 * renaming a component renames a key.
 *
 * @param listenAddress the address every listener binds, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
 * @param dataDir the folder holding the WAL and the stores; relative paths resolve against the working folder
 * @param ingest OTLP receivers
 * @param query query API and UI
 * @param storage WAL, queue and index behaviour
 * @param log the server's own logging
 * @param traces trace retention and correlation keys
 * @param logs log retention
 * @param metrics the metric store: retention, out-of-order window, resource labels
 * @param alerting alerting rules: folder, default evaluation interval, external URL
 * @param selfMonitoring whether Sightline also ingests its own metrics, and how often
 */
public record SightlineConfig(String listenAddress, Path dataDir, IngestConfig ingest, QueryConfig query,
        StorageConfig storage, LogConfig log, TracesConfig traces, LogsConfig logs, MetricsConfig metrics,
        AlertingConfig alerting, SelfMonitoringConfig selfMonitoring) {
    public SightlineConfig {
        if (listenAddress == null || listenAddress.isBlank()) {
            throw new IllegalArgumentException("listen_address must not be empty, got \""
                    + (listenAddress == null ? "" : listenAddress) + "\"");
        }
        if (dataDir == null || dataDir.toString().isEmpty()) {
            throw new IllegalArgumentException("data_dir must not be empty");
        }
        if (ingest == null || query == null || storage == null || log == null || traces == null || logs == null
                || metrics == null || alerting == null || selfMonitoring == null) {
            throw new IllegalArgumentException(
                    "ingest, query, storage, log, traces, logs, metrics, alerting and self_monitoring must all be present");
        }
        checkDistinctPorts(ingest, query);
    }

    public static SightlineConfig defaults() {
        return new SightlineConfig("0.0.0.0", Path.of("./data"), IngestConfig.defaults(), QueryConfig.defaults(),
                StorageConfig.defaults(), LogConfig.defaults(), TracesConfig.defaults(), LogsConfig.defaults(),
                MetricsConfig.defaults(), AlertingConfig.defaults(), SelfMonitoringConfig.defaults());
    }

    /** All listeners bind {@link #listenAddress}, so two of them on the same port (0 excepted) cannot start. */
    private static void checkDistinctPorts(IngestConfig ingest, QueryConfig query) {
        Map<Integer, String> seen = new LinkedHashMap<>();
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("ingest.grpc_port", ingest.grpcPort());
        ports.put("ingest.http_port", ingest.httpPort());
        ports.put("query.port", query.port());
        ports.forEach((key, port) -> {
            if (port == 0) {
                return;
            }
            String other = seen.putIfAbsent(port, key);
            if (other != null) {
                throw new IllegalArgumentException(
                        other + " and " + key + " must be different ports (or 0), both are " + port);
            }
        });
    }
}
