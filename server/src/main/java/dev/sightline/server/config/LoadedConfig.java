package dev.sightline.server.config;

import java.util.List;

/**
 * What {@link ConfigLoader#load} returns.
 *
 * @param config the configuration; {@code null} exactly when {@code helpRequested}, since then nothing was loaded
 * @param warnings things the operator should see but that do not stop the server, such as unknown
 *     {@code SIGHTLINE_*} environment variables; one line each, never containing a variable's value
 * @param helpRequested {@code --help} or {@code -h} was given: print {@code helpText} and exit 0
 * @param helpText the usage text listing every key; always present, so it can also follow an error
 */
public record LoadedConfig(SightlineConfig config, List<String> warnings, boolean helpRequested, String helpText) {
    public LoadedConfig {
        if (config == null && !helpRequested) {
            throw new IllegalArgumentException("config must be present unless help was requested");
        }
        warnings = List.copyOf(warnings);
    }
}
