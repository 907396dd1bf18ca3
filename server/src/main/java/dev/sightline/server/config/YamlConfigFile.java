package dev.sightline.server.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sightline.server.config.ConfigSchema.Leaf;
import dev.sightline.server.config.ConfigSchema.Node;
import dev.sightline.server.config.ConfigSchema.Section;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a YAML configuration file into settings. Sections are nested mappings ({@code ingest:} then
 * {@code grpc_port: 4317} under it); every key must exist in the schema, and a key given twice is an error.
 */
final class YamlConfigFile {
    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private YamlConfigFile() {}

    /**
     * @param file the file as the operator named it; messages quote it that way
     * @param source how the file was named, e.g. {@code --config}, for the message when it cannot be read
     * @return settings by dotted key, in file order
     */
    static Map<String, Setting> read(Path file, String source, ConfigSchema schema) {
        JsonNode tree;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            tree = MAPPER.readTree(in);
        } catch (NoSuchFileException e) {
            throw new ConfigException("configuration file " + file + " (from " + source + ") does not exist", e);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new ConfigException("cannot parse configuration file " + file + where + ": " + e.getOriginalMessage(),
                    e);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + " (from " + source + "): " + e, e);
        }
        Map<String, Setting> settings = new LinkedHashMap<>();
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return settings; // empty file, or only comments
        }
        if (!tree.isObject()) {
            throw new ConfigException("configuration file " + file + " must hold a mapping of keys such as "
                    + String.join(", ", schema.root().childNames()) + ", got " + describe(tree));
        }
        walk(tree, schema.root(), file, schema, settings);
        return settings;
    }

    private static void walk(JsonNode mapping, Section section, Path file, ConfigSchema schema,
            Map<String, Setting> out) {
        for (Map.Entry<String, JsonNode> entry : mapping.properties()) {
            String name = entry.getKey();
            String key = section.key().isEmpty() ? name : section.key() + "." + name;
            JsonNode value = entry.getValue();
            switch (section.child(name)) {
                case null -> throw unknownKey(name, key, section, file, schema);
                case Section child -> {
                    if (value.isNull()) {
                        continue; // "ingest:" with everything under it commented out
                    }
                    if (!value.isObject()) {
                        throw new ConfigException("configuration key \"" + key + "\" in " + file
                                + " must be a mapping with keys " + String.join(", ", child.childNames()) + ", got "
                                + describe(value));
                    }
                    walk(value, child, file, schema, out);
                }
                case Leaf leaf -> {
                    if (value.isNull()) {
                        throw new ConfigException("configuration key \"" + key + "\" in " + file
                                + " has no value; give one or remove the key to use the default, "
                                + leaf.type().format(leaf.defaultValue()));
                    }
                    if (leaf.type() == LeafType.STRING_LIST && value.isArray()) {
                        java.util.List<String> items = new java.util.ArrayList<>();
                        for (com.fasterxml.jackson.databind.JsonNode item : value) {
                            if (!item.isValueNode() || item.asText().contains(",")) {
                                throw new ConfigException("configuration key \"" + key + "\" in " + file
                                        + " must be a list of strings without commas, got " + describe(item));
                            }
                            items.add(item.asText());
                        }
                        out.put(key, Setting.parse(leaf, String.join(",", items), "in " + file));
                        continue;
                    }
                    if (!value.isValueNode()) {
                        throw new ConfigException("configuration key \"" + key + "\" in " + file
                                + " must be a single " + leaf.type().typeName() + ", got " + describe(value));
                    }
                    out.put(key, Setting.parse(leaf, value.asText(), "in " + file));
                }
            }
        }
    }

    private static ConfigException unknownKey(String name, String key, Section section, Path file,
            ConfigSchema schema) {
        Node flattened = name.contains(".") ? schema.node(key) : null;
        if (flattened != null) {
            int dot = name.indexOf('.');
            return new ConfigException("configuration key \"" + key + "\" in " + file + " must be nested: write \""
                    + name.substring(0, dot) + ":\" and under it \"" + name.substring(dot + 1) + ": ...\"");
        }
        String level = section.key().isEmpty() ? "valid top-level keys" : "valid keys under \"" + section.key() + "\"";
        return new ConfigException("unknown configuration key \"" + key + "\" in " + file
                + NearestName.of(name, section.childNames()).map(n -> " (did you mean \"" + n + "\"?)").orElse("")
                + "; " + level + ": " + String.join(", ", section.childNames()));
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        } else if (node.isArray()) {
            return "a list";
        }
        return "\"" + node.asText() + "\"";
    }
}
