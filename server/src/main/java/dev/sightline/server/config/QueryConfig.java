package dev.sightline.server.config;

/**
 * The query API and the UI it serves.
 *
 * @param port HTTP port; 0 picks a free port
 */
public record QueryConfig(int port) {
    public QueryConfig {
        IngestConfig.checkPort("query.port", port);
    }

    public static QueryConfig defaults() {
        return new QueryConfig(7070);
    }
}
