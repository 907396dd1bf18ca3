package dev.sightline.server.config;

import dev.sightline.server.config.ConfigSchema.Leaf;
import java.util.List;

/** The {@code --help} text, generated from the schema so that it lists exactly the keys the loader accepts. */
final class HelpText {
    private HelpText() {}

    static String of(ConfigSchema schema) {
        List<ConfigKey> keys = schema.leaves().stream().map(Leaf::describe).toList();
        int flagWidth = "FLAG".length();
        int defaultWidth = "DEFAULT".length();
        for (ConfigKey k : keys) {
            flagWidth = Math.max(flagWidth, flag(k).length());
            defaultWidth = Math.max(defaultWidth, k.defaultValue().length());
        }
        String row = "  %-" + flagWidth + "s  %-" + defaultWidth + "s  %s%n";
        StringBuilder out = new StringBuilder();
        out.append("""
                Usage: sightline [-c FILE | --config=FILE] [--KEY=VALUE | --KEY VALUE ...]

                Settings come from defaults, then the YAML file, then SIGHTLINE_* environment variables, then
                flags; later sources win. In YAML, dots are nesting: ingest.grpc_port is written
                  ingest:
                    grpc_port: 4317
                Sizes: 16MiB, 512KiB, 1GiB (binary) or 16MB (decimal). Durations: 200ms, 30s, 1h30m, 7d, 1w.
                Ports may be 0 to pick a free port.

                Options:
                  -c, --config FILE   YAML configuration file (environment: %s)
                  -h, --help          print this text and exit

                Keys:
                """.formatted(EnvironmentSettings.CONFIG_VAR));
        out.append(String.format(row, "FLAG", "DEFAULT", "ENVIRONMENT"));
        for (ConfigKey k : keys) {
            out.append(String.format(row, flag(k), k.defaultValue(), k.envVar()));
        }
        return out.toString();
    }

    private static String flag(ConfigKey k) {
        return k.flag() + "=<" + k.type() + ">";
    }
}
