package dev.sightline.server.config;

import dev.sightline.server.config.ConfigSchema.Leaf;
import dev.sightline.server.config.ConfigSchema.Node;
import dev.sightline.server.config.ConfigSchema.Section;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the {@link SightlineConfig} once at startup from, in increasing priority: the defaults in the records,
 * the YAML file named by {@code --config}/{@code -c} or {@code SIGHTLINE_CONFIG}, {@code SIGHTLINE_*}
 * environment variables, and {@code --key=value} flags. Keys are the record components' names in dotted
 * snake_case ({@code ingest.grpc_port}), found by reflection, so a new field or config record needs no change
 * here. Unknown keys in the file and unknown flags are errors; unknown {@code SIGHTLINE_*} variables are warnings.
 */
public final class ConfigLoader {
    /** The environment variable naming the YAML file; {@code --config} wins over it. */
    public static final String CONFIG_ENV = EnvironmentSettings.CONFIG_VAR;
    /** {@code SIGHTLINE_*} variables that the launcher and the container entrypoint read (JVM options): not keys. */
    public static final java.util.Set<String> LAUNCHER_ENV = EnvironmentSettings.LAUNCHER_VARS;

    private ConfigLoader() {}

    /**
     * Loads the configuration. If {@code --help} or {@code -h} is among {@code args}, nothing else is read and
     * the result carries only the help text.
     *
     * @param args the command-line arguments, all of them flags
     * @param env the environment, normally {@link System#getenv()}
     * @throws ConfigException naming the key, value and source of the first problem found
     */
    public static LoadedConfig load(String[] args, Map<String, String> env) {
        ConfigSchema schema = ConfigSchema.sightline();
        String help = HelpText.of(schema);
        if (CommandLine.helpRequested(args)) {
            return new LoadedConfig(null, List.of(), true, help);
        }
        List<String> warnings = new ArrayList<>();
        SightlineConfig config = load(schema, SightlineConfig.class, args, env, warnings);
        return new LoadedConfig(config, warnings, false, help);
    }

    /** Every key, its environment variable, default and type, in declaration order. */
    public static List<ConfigKey> keys() {
        return ConfigSchema.sightline().leaves().stream().map(Leaf::describe).toList();
    }

    /** The text {@code --help} prints. */
    public static String helpText() {
        return HelpText.of(ConfigSchema.sightline());
    }

    /** Loads any record tree described by {@code schema}; {@code warnings} receives the warnings. */
    static <T extends Record> T load(ConfigSchema schema, Class<T> type, String[] args, Map<String, String> env,
            List<String> warnings) {
        CommandLine flags = CommandLine.parse(args, schema);
        EnvironmentSettings environment = EnvironmentSettings.read(env, schema);
        warnings.addAll(environment.warnings());

        Map<String, Setting> settings = new HashMap<>();
        if (flags.configFile() != null) {
            settings.putAll(YamlConfigFile.read(path(flags.configFile(), flags.configSource()), flags.configSource(),
                    schema));
        } else if (environment.configFile() != null) {
            settings.putAll(YamlConfigFile.read(path(environment.configFile(), CONFIG_ENV), CONFIG_ENV, schema));
        }
        settings.putAll(environment.settings());
        settings.putAll(flags.settings());
        return type.cast(instantiate(schema.root(), settings));
    }

    private static Path path(String file, String source) {
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw new ConfigException("configuration file name \"" + file + "\" (from " + source + ") is not a path: "
                    + e.getReason(), e);
        }
    }

    /** Builds one record of the tree, children first, so validation runs bottom-up in the compact constructors. */
    private static Object instantiate(Section section, Map<String, Setting> settings) {
        List<Node> children = section.children();
        Object[] values = new Object[children.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (children.get(i)) {
                case Section child -> instantiate(child, settings);
                case Leaf leaf -> settings.containsKey(leaf.key()) ? settings.get(leaf.key()).value()
                        : leaf.defaultValue();
            };
        }
        try {
            return section.constructor().newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IllegalArgumentException invalid) {
                String message = invalid.getMessage() != null ? invalid.getMessage()
                        : "invalid configuration section " + (section.key().isEmpty() ? "(top level)" : section.key());
                throw new ConfigException(message + origins(message, settings), invalid);
            }
            throw new IllegalStateException("cannot build " + section.constructor().getDeclaringClass().getName(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + section.constructor().getDeclaringClass().getName(), e);
        }
    }

    /** {@code " (ingest.grpc_port from flag --ingest.grpc_port)"} for each set key the message mentions. */
    private static String origins(String message, Map<String, Setting> settings) {
        List<String> found = new ArrayList<>();
        settings.forEach((key, setting) -> {
            if (Pattern.compile("(?<![\\w.])" + Pattern.quote(key) + "(?![\\w.])").matcher(message).find()) {
                found.add(key + " " + setting.origin());
            }
        });
        found.sort(null);
        return found.isEmpty() ? "" : " (" + String.join(", ", found) + ")";
    }
}
