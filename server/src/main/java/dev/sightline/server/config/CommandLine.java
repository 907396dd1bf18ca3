package dev.sightline.server.config;

import dev.sightline.server.config.ConfigSchema.Leaf;
import dev.sightline.server.config.ConfigSchema.Node;
import dev.sightline.server.config.ConfigSchema.Section;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line flags: {@code --key=value} or {@code --key value} for every dotted key, {@code --config=FILE} or
 * {@code -c FILE}, and {@code --help} or {@code -h}. A boolean key given alone ({@code --key}) means true. A flag
 * given twice keeps the last value. Anything else is an error naming the argument.
 *
 * @param configFile the YAML file named by {@code --config} or {@code -c}, or {@code null}
 * @param configSource the flag that named it, for messages
 * @param settings by dotted key
 */
record CommandLine(String configFile, String configSource, Map<String, Setting> settings) {
    static boolean helpRequested(String[] args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    static CommandLine parse(String[] args, ConfigSchema schema) {
        String configFile = null;
        String configSource = null;
        Map<String, Setting> settings = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-c") || arg.equals("--config")) {
                configFile = valueAfter(args, i++, arg);
                configSource = arg;
            } else if (arg.startsWith("--config=")) {
                configFile = arg.substring("--config=".length());
                configSource = "--config";
            } else if (arg.startsWith("--") && arg.length() > 2) {
                String body = arg.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                if (!(schema.node(name) instanceof Leaf leaf)) {
                    throw unknownFlag("--" + name, schema);
                }
                String value;
                if (eq >= 0) {
                    value = body.substring(eq + 1);
                } else if (leaf.type() == LeafType.BOOLEAN && !nextIsBoolean(args, i)) {
                    value = "true";
                } else {
                    value = valueAfter(args, i++, arg);
                }
                settings.put(leaf.key(), Setting.parse(leaf, value, "from flag --" + name));
            } else if (arg.startsWith("-")) {
                throw unknownFlag(arg, schema);
            } else {
                throw new ConfigException("unexpected argument \"" + arg + "\": flags look like --key=value, "
                        + "see --help");
            }
        }
        if (configFile != null && configFile.isBlank()) {
            throw new ConfigException(configSource + " needs a file name");
        }
        return new CommandLine(configFile, configSource, settings);
    }

    private static String valueAfter(String[] args, int i, String flag) {
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
            throw new ConfigException("flag " + flag + " needs a value: " + flag + "=VALUE or " + flag + " VALUE");
        }
        return args[i + 1];
    }

    private static boolean nextIsBoolean(String[] args, int i) {
        return i + 1 < args.length && (args[i + 1].equalsIgnoreCase("true") || args[i + 1].equalsIgnoreCase("false"));
    }

    private static ConfigException unknownFlag(String flag, ConfigSchema schema) {
        String name = flag.replaceFirst("^-+", "");
        if (schema.node(name) instanceof Section section) {
            return new ConfigException("flag " + flag + " names a section, not a key; use one of "
                    + String.join(", ", section.children().stream().map(n -> "--" + n.key()).toList()));
        }
        List<String> keys = schema.leaves().stream().map(Leaf::key).toList();
        return new ConfigException("unknown flag " + flag + NearestName.hint(name, keys, "--") + "; see --help for "
                + "every key");
    }
}
