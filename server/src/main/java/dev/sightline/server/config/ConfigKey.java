package dev.sightline.server.config;

/**
 * One configuration key as {@link ConfigLoader#keys()} describes it; the configuration reference and deploy-file
 * checks are generated from these.
 *
 * @param key dotted snake_case key, as written in flags ({@code --ingest.grpc_port}) and nested in YAML
 * @param envVar the environment variable that sets it, e.g. {@code SIGHTLINE_INGEST_GRPC_PORT}
 * @param defaultValue the default, formatted so that it parses back to the same value ({@code 16MiB}, {@code 30s})
 * @param type one of {@code int}, {@code long}, {@code boolean}, {@code string}, {@code path}, {@code duration},
 *     {@code size}
 */
public record ConfigKey(String key, String envVar, String defaultValue, String type) {
    /** The command-line flag for this key, e.g. {@code --ingest.grpc_port}. */
    public String flag() {
        return "--" + key;
    }
}
